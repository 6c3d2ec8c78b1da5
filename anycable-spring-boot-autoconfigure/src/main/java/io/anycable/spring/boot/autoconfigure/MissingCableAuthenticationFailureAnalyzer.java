package io.anycable.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains Spring Security for AnyCable without a way to authenticate clients.
 */
class MissingCableAuthenticationFailureAnalyzer extends AbstractFailureAnalyzer<MissingCableAuthenticationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingCableAuthenticationException cause) {
		return new FailureAnalysis(cause.getMessage() + ".",
				"Add Spring Session (a SessionRepository bean, e.g. spring-session-jdbc or @EnableSpringHttpSession) "
						+ "for login sessions, a JwtDecoder bean (spring-boot-starter-oauth2-resource-server) for "
						+ "bearer tokens, or a CableAuthenticationResolver bean; or use AnyCable JWTs "
						+ "(anycable.secret) and leave anycable.security.enabled off.",
				cause);
	}

}
