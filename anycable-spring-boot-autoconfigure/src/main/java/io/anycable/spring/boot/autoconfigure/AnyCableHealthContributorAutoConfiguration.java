package io.anycable.spring.boot.autoconfigure;

import io.anycable.spring.rpc.AnyCableGrpcService;
import io.anycable.spring.rpc.RpcExecutor;

import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code anycable} health contributor, when Actuator is present; {@code management.health.anycable.enabled=false}
 * turns it off.
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration(after = AnyCableGrpcServerAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean({ AnyCableGrpcService.class, RpcExecutor.class })
@ConditionalOnEnabledHealthIndicator("anycable")
public class AnyCableHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "anycableHealthIndicator")
	AnyCableRpcHealthIndicator anycableHealthIndicator(AnyCableGrpcService service, RpcExecutor executor) {
		return new AnyCableRpcHealthIndicator(service, executor);
	}

}
