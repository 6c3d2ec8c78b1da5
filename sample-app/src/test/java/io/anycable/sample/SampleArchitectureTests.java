package io.anycable.sample;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The sample is written against the starter's public API only, as the README tells
 * applications to be.
 */
class SampleArchitectureTests {

	private static final JavaClasses sample = new ClassFileImporter().importPackages("io.anycable.sample");

	@Test
	void usesNoImplementationPackageOfTheStarter() {
		noClasses().should().dependOnClassesThat().resideInAPackage("io.anycable.spring..internal..").check(sample);
	}

}
