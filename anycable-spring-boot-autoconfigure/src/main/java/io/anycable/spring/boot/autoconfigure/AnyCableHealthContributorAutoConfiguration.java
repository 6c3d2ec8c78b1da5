package io.anycable.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.anycable.spring.boot.actuate.health.AnyCableBroadcastHealthIndicator;
import io.anycable.spring.boot.actuate.health.AnyCableRpcHealthIndicator;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.grpc.RpcExecutor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code anycable} health contributor, when Actuator is
 * present: {@code rpc} for the RPC server (see {@link AnyCableRpcHealthIndicator}) and
 * {@code broadcast} for the broker (see {@link AnyCableBroadcastHealthIndicator}), each
 * when configured. {@code management.health.anycable.enabled=false} turns it off. With
 * Kubernetes probes it joins the {@code readiness} group, not {@code liveness}, unless
 * the application chose the readiness group's members.
 *
 * @author AnyCable Spring Boot contributors
 */
// after Boot's probes: the readiness group exists when our post-processor runs (both are
// ordered last, so they
// run in the order their beans were registered)
@AutoConfiguration(after = { AnyCableGrpcServerAutoConfiguration.class, AnyCableBroadcastAutoConfiguration.class },
		afterName = "org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration")
@ConditionalOnAnyCableEnabled
@ConditionalOnClass(HealthContributor.class)
@Conditional(AnyCableHealthContributorAutoConfiguration.OnRpcServerOrBroadcastTransport.class)
@ConditionalOnEnabledHealthIndicator("anycable")
public class AnyCableHealthContributorAutoConfiguration {

	private static final String READINESS_GROUP = "management.endpoint.health.group.readiness";

	@Bean
	@ConditionalOnMissingBean(name = "anycableHealthContributor")
	CompositeHealthContributor anycableHealthContributor(ObjectProvider<AnyCableGrpcService> service,
			ObjectProvider<RpcExecutor> executor, ObjectProvider<BroadcastTransport> transport) {
		Map<String, HealthContributor> contributors = new LinkedHashMap<>();
		service
			.ifAvailable((rpc) -> contributors.put("rpc", new AnyCableRpcHealthIndicator(rpc, executor.getObject())));
		transport.ifAvailable((broker) -> contributors.put("broadcast", new AnyCableBroadcastHealthIndicator(broker)));
		return CompositeHealthContributor.fromMap(contributors);
	}

	@Bean
	AnyCableReadinessGroupPostProcessor anyCableReadinessGroupPostProcessor(Environment environment) {
		Binder binder = Binder.get(environment);
		boolean membersConfigured = binder.bind(READINESS_GROUP + ".include", Bindable.listOf(String.class)).isBound()
				|| binder.bind(READINESS_GROUP + ".exclude", Bindable.listOf(String.class)).isBound();
		return new AnyCableReadinessGroupPostProcessor(membersConfigured);
	}

	static final class OnRpcServerOrBroadcastTransport extends AnyNestedCondition {

		OnRpcServerOrBroadcastTransport() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean({ AnyCableGrpcService.class, RpcExecutor.class })
		static class RpcServer {

		}

		@ConditionalOnBean(BroadcastTransport.class)
		static class Broadcast {

		}

	}

}
