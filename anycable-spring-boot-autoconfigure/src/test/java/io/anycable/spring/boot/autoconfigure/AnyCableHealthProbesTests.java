package io.anycable.spring.boot.autoconfigure;

import io.anycable.spring.broadcast.BroadcastTransport;
import io.grpc.inprocess.InProcessServerBuilder;
import net.devh.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import net.devh.boot.grpc.server.autoconfigure.GrpcServerFactoryAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthEndpointWebExtension;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which Actuator health results a broker outage changes: the root status and, with
 * Kubernetes probes, readiness but never liveness.
 */
class AnyCableHealthProbesTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AnyCableAutoConfiguration.class,
				AnyCableGrpcServerAutoConfiguration.class, AnyCableBroadcastAutoConfiguration.class,
				AnyCableHealthContributorAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
				AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
				EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcServerFactoryAutoConfiguration.class))
		.withPropertyValues("grpc.server.port=-1",
				"grpc.server.in-process-name=" + InProcessServerBuilder.generateName())
		.withBean(BroadcastTransport.class, BrokerDown::new);

	@Test
	void brokerDownMakesTheRootStatus503() {
		this.runner.run((context) -> {
			started(context);
			assertThat(context.getBean(HealthEndpoint.class).health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(httpStatus(context)).isEqualTo(503);
		});
	}

	@Test
	void withProbesTheBrokerTakesTheInstanceOutOfReadinessButNeverRestartsIt() {
		this.runner.withPropertyValues("management.endpoint.health.probes.enabled=true").run((context) -> {
			started(context);
			assertThat(httpStatus(context, "liveness")).isEqualTo(200);
			assertThat(httpStatus(context, "readiness")).isEqualTo(503);
			assertThat(context.getBean(HealthEndpoint.class)
				.healthForPath("readiness", "anycable", "broadcast")
				.getStatus()).isEqualTo(Status.DOWN);
			assertThat(context.getBean(HealthEndpoint.class).healthForPath("liveness", "anycable")).isNull();
		});
	}

	@Test
	void readinessMembersTheApplicationConfiguresAreLeftAsTheyAre() {
		this.runner
			.withPropertyValues("management.endpoint.health.probes.enabled=true",
					"management.endpoint.health.group.readiness.include=readinessState")
			.run((context) -> {
				started(context);
				assertThat(httpStatus(context, "readiness")).isEqualTo(200);
				assertThat(httpStatus(context)).isEqualTo(503);
			});
	}

	@Test
	void readinessCanTakeTheRpcServerAlone() {
		this.runner
			.withPropertyValues("management.endpoint.health.probes.enabled=true",
					"management.endpoint.health.group.readiness.include=readinessState,anycable/rpc")
			.run((context) -> {
				started(context);
				assertThat(httpStatus(context, "readiness")).isEqualTo(200);
			});
	}

	@Test
	void withoutProbesThereIsNoReadinessGroupToJoin() {
		this.runner.run((context) -> {
			started(context);
			assertThat(context.getBean(HealthEndpoint.class).healthForPath("readiness")).isNull();
		});
	}

	private static void started(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
		AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
	}

	private static int httpStatus(AssertableWebApplicationContext context, String... path) {
		return context.getBean(HealthEndpointWebExtension.class)
			.health(ApiVersion.V3, WebServerNamespace.SERVER, SecurityContext.NONE, true, path)
			.getStatus();
	}

	static class BrokerDown implements BroadcastTransport {

		@Override
		public String name() {
			return "redis";
		}

		@Override
		public void publish(String publication) {
			throw new IllegalStateException("down");
		}

		@Override
		public boolean isConnected() {
			return false;
		}

	}

}
