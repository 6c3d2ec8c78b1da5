package io.anycable.spring.test;

import io.anycable.spring.security.SessionCableAuthenticationResolver;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Logs a user in the way Spring Security's form login leaves it in a Spring Session, so a
 * test connects with that session's cookie as a browser would, without the login page:
 *
 * <pre class="code">
 * String id = SpringSessionLogins.login(sessionRepository, UsernamePasswordAuthenticationToken
 * 	.authenticated(User.withUsername("jane").password("x").roles("USER").build(), null, List.of()));
 * TestConnection jane = cableTester.connect(CableTestRequest.create().sessionCookie(id));
 * </pre>
 *
 * @author AnyCable Spring Boot contributors
 */
public final class SpringSessionLogins {

	private SpringSessionLogins() {
	}

	/**
	 * Save a new session holding a security context with the authentication.
	 * @param <S> the session type
	 * @param sessions the application's session repository
	 * @param authentication the logged-in user
	 * @return the id of the saved session
	 */
	public static <S extends Session> String login(SessionRepository<S> sessions, Authentication authentication) {
		S session = sessions.createSession();
		session.setAttribute(SessionCableAuthenticationResolver.SECURITY_CONTEXT_ATTRIBUTE,
				new SecurityContextImpl(authentication));
		sessions.save(session);
		return session.getId();
	}

}
