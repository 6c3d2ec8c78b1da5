package io.anycable.sample;

import java.util.Map;

import io.anycable.spring.broadcast.CableBroadcaster;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Form login for the pages. {@code /cable} is open: the WebSocket is authenticated by
 * Connect (the login session's cookie, or an AnyCable JWT).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, CableBroadcaster broadcaster) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/cable", "/chat.css", "/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			.formLogin(Customizer.withDefaults())
			.logout((logout) -> logout.addLogoutHandler(disconnectEverywhere(broadcaster)))
			// the page's script reads the token from the XSRF-TOKEN cookie for its POSTs
			.csrf((csrf) -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
				.csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
			.build();
	}

	/**
	 * Logging out closes every WebSocket the user has open (all tabs, all devices), found
	 * by the identifiers Connect accepted them with; reconnect=false, as the session is
	 * gone.
	 */
	private static LogoutHandler disconnectEverywhere(CableBroadcaster broadcaster) {
		return (request, response, authentication) -> {
			if (authentication != null) {
				broadcaster.disconnect(Map.of("user", authentication.getName()), false);
			}
		};
	}

}
