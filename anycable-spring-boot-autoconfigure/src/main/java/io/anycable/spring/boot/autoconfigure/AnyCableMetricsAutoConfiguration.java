package io.anycable.spring.boot.autoconfigure;

import io.anycable.spring.rpc.MicrometerRpcCallObserver;
import io.anycable.spring.rpc.RpcCallObserver;
import io.anycable.spring.rpc.RpcExecutor;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of AnyCable's
 * Micrometer metrics (see {@link MicrometerRpcCallObserver} for the names), when the application has a
 * {@link MeterRegistry}.
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration(after = AnyCableGrpcServerAutoConfiguration.class,
		afterName = { "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, RpcExecutor.class })
public class AnyCableMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RpcCallObserver anyCableRpcMetrics(MeterRegistry registry, RpcExecutor executor) {
		return new MicrometerRpcCallObserver(registry, executor);
	}

}
