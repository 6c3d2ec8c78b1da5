package io.anycable.spring.boot.autoconfigure;

import io.anycable.spring.broadcast.MeteredBroadcastTransport;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.rpc.grpc.MicrometerRpcCallObserver;
import io.anycable.spring.rpc.grpc.RpcCallObserver;
import io.anycable.spring.rpc.grpc.RpcExecutor;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of AnyCable's Micrometer metrics, when the application has a
 * {@link MeterRegistry}: RPC calls (see {@link MicrometerRpcCallObserver} for the names)
 * and publications sent to anycable-go ({@code anycable.broadcasts}, see
 * {@link MeteredBroadcastTransport}).
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration(after = { AnyCableGrpcServerAutoConfiguration.class, AnyCableBroadcastAutoConfiguration.class },
		afterName = { "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnAnyCableEnabled
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class AnyCableMetricsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(RpcExecutor.class)
	static class RpcMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RpcCallObserver anyCableRpcMetrics(MeterRegistry registry, RpcExecutor executor) {
			return new MicrometerRpcCallObserver(registry, executor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(BroadcastTransport.class)
	static class BroadcastMetricsConfiguration {

		@Bean
		BroadcastTransportDecorator anyCableBroadcastMetrics(MeterRegistry registry) {
			return (transport) -> new MeteredBroadcastTransport(transport, registry);
		}

	}

}
