package io.anycable.sample;

import java.util.Map;

import io.anycable.spring.broadcast.BroadcastException;
import io.anycable.spring.broadcast.CableBroadcaster;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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

	private static final Log logger = LogFactory.getLog(SecurityConfiguration.class);

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
			if (authentication == null) {
				return;
			}
			try {
				broadcaster.disconnect(Map.of("user", authentication.getName()), false);
			}
			catch (BroadcastException ex) {
				// the logout itself must not fail with the broker: the session still
				// ends, and
				// the open sockets are refused at their next Connect
				logger.warn("Could not disconnect the sockets of " + authentication.getName() + ": " + ex.getMessage());
			}
		};
	}

}
