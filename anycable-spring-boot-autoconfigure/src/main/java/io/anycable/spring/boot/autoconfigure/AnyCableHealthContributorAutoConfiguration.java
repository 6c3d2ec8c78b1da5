package io.anycable.spring.boot.autoconfigure;

import io.anycable.spring.boot.actuate.health.AnyCableRpcHealthIndicator;
import io.anycable.spring.boot.actuate.health.AnyCableBroadcastHealthIndicator;
import java.util.LinkedHashMap;
import java.util.Map;

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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code anycable} health contributor, when Actuator is present: {@code rpc} for the RPC server (see
 * {@link AnyCableRpcHealthIndicator}) and {@code broadcast} for the broker (see
 * {@link AnyCableBroadcastHealthIndicator}), each when configured. {@code management.health.anycable.enabled=false}
 * turns it off.
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration(after = { AnyCableGrpcServerAutoConfiguration.class, AnyCableBroadcastAutoConfiguration.class })
@ConditionalOnAnyCableEnabled
@ConditionalOnClass(HealthContributor.class)
@Conditional(AnyCableHealthContributorAutoConfiguration.OnRpcServerOrBroadcastTransport.class)
@ConditionalOnEnabledHealthIndicator("anycable")
public class AnyCableHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "anycableHealthContributor")
	CompositeHealthContributor anycableHealthContributor(ObjectProvider<AnyCableGrpcService> service,
			ObjectProvider<RpcExecutor> executor, ObjectProvider<BroadcastTransport> transport) {
		Map<String, HealthContributor> contributors = new LinkedHashMap<>();
		service.ifAvailable((rpc) -> contributors.put("rpc",
				new AnyCableRpcHealthIndicator(rpc, executor.getObject())));
		transport.ifAvailable((broker) -> contributors.put("broadcast", new AnyCableBroadcastHealthIndicator(broker)));
		return CompositeHealthContributor.fromMap(contributors);
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
