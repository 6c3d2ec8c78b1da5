package io.anycable.sample;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * The demo users (password {@value #DEMO_PASSWORD}; {@code root} is an admin) and their
 * login sessions, kept in Spring Session so that every Connect call finds the session of
 * the WebSocket's cookie ({@code anycable.security.enabled}, no connection factory of the
 * application's); method security for the channel's admin action. No web security here,
 * so channel tests import it into their slice.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableSpringHttpSession
class UsersConfiguration {

	/** The password of every demo user. */
	static final String DEMO_PASSWORD = "chat";

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(user("jane", "USER"), user("bob", "USER"), user("ann", "USER"),
				user("root", "USER", "ADMIN"));
	}

	private static UserDetails user(String name, String... roles) {
		return User.withUsername(name).password("{noop}" + DEMO_PASSWORD).roles(roles).build();
	}

	@Bean
	MapSessionRepository sessionRepository() {
		return new MapSessionRepository(new ConcurrentHashMap<>());
	}

}
