package io.anycable.spring.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The test module is built on the starter's public API, like an application: none of its
 * {@code ...internal} packages.
 */
class TestSupportArchitectureTests {

	private static final JavaClasses testSupport = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.anycable.spring.test", "io.anycable.spring.boot.test");

	@Test
	void usesNoImplementationPackageOfTheStarter() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage("io.anycable.spring..internal..")
			.check(testSupport);
	}

}
