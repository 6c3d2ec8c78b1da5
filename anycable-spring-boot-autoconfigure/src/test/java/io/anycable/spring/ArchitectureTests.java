package io.anycable.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.connection.CableSocket;
import io.anycable.spring.connection.SocketConnection;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.grpc.BindableService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.context.SmartLifecycle;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Pins the package graph the README's "Architecture" section describes: no cycles, the
 * transport-agnostic RPC core knows nothing of the channel framework, the wire format
 * depends on nothing else of ours, and the auto-configuration only wires.
 */
class ArchitectureTests {

	private static final JavaClasses starter = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.anycable.spring");

	@Test
	void concernsDependOnEachOtherWithoutCycles() {
		slices().matching("io.anycable.spring.(*)..").should().beFreeOfCycles().check(starter);
	}

	@Test
	void packagesDependOnEachOtherWithoutCycles() {
		slices().matching("io.anycable.spring.(**)").should().beFreeOfCycles().check(starter);
	}

	@Test
	void rpcNeverUsesTheChannelFramework() {
		noClasses().that()
			.resideInAPackage("io.anycable.spring.rpc..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.anycable.spring.channel..")
			.check(starter);
	}

	@Test
	void protocolDependsOnNothingElseOfOurs() {
		classes().that()
			.resideInAPackage("io.anycable.spring.protocol..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("io.anycable.spring.protocol..", "java..", "com.fasterxml.jackson..", "org.jspecify..")
			.check(starter);
	}

	@Test
	void autoConfigurationOnlyWires() {
		noClasses().that()
			.resideInAPackage("io.anycable.spring.boot.autoconfigure..")
			.should()
			.beAssignableTo(BroadcastTransport.class)
			.orShould()
			.beAssignableTo(SocketConnectionFactory.class)
			.orShould()
			.beAssignableTo(SocketConnection.class)
			.orShould()
			.beAssignableTo(CableSocket.class)
			.orShould()
			.beAssignableTo(BindableService.class)
			.orShould()
			.beAssignableTo(HealthContributor.class)
			.orShould()
			.beAssignableTo(SmartLifecycle.class)
			.check(starter);
	}

	@Test
	void onlyTheGrpcTransportAndItsWiringKnowGrpcSpring() {
		noClasses().that()
			.resideOutsideOfPackages("io.anycable.spring.rpc.grpc.internal..",
					"io.anycable.spring.boot.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("net.devh..")
			.check(starter);
	}

	@Test
	void implementationPackagesAreUsedByTheStarterOnly() {
		noClasses().that()
			.resideOutsideOfPackages("io.anycable.spring.channel..", "io.anycable.spring.rpc..",
					"io.anycable.spring.connection..", "io.anycable.spring.boot.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..internal..")
			.check(starter);
	}

}
