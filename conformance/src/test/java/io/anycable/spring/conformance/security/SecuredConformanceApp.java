package io.anycable.spring.conformance.security;

import java.security.Principal;
import java.util.concurrent.ConcurrentHashMap;

import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.conformance.support.RpcRecorder;

import org.springframework.aop.Advisor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.session.MapSessionRepository;

/**
 * The application of the Spring Security scenarios: {@code anycable.security.enabled}
 * with no connection factory of its own, Spring Session on a map, users in memory, and
 * {@code @PreAuthorize} through Spring Security's method interceptor (what
 * {@code @EnableMethodSecurity} registers; spring-security-config would bring Boot's web
 * security to every other conformance application).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ RpcRecorder.class, SecuredConformanceApp.SecuredChannel.class })
public class SecuredConformanceApp {

	@Bean
	MapSessionRepository sessionRepository() {
		return new MapSessionRepository(new ConcurrentHashMap<>());
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(User.withUsername("jane").password("{noop}x").roles("USER").build(),
				User.withUsername("root").password("{noop}x").roles("USER", "ADMIN").build());
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor preAuthorizeAdvisor() {
		return AuthorizationManagerBeforeMethodInterceptor.preAuthorize();
	}

	@AnyCableChannel("SecuredChannel")
	static class SecuredChannel {

		@Action
		String whoami(Principal principal) {
			return (principal != null) ? principal.getName() : "nobody";
		}

		@Action
		@PreAuthorize("hasRole('ADMIN')")
		String purge() {
			return "purged";
		}

	}

}
