package io.anycable.spring.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.anycable.spring.connection.CableRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.util.Assert;

/**
 * Authenticates a WebSocket request by its Spring Session cookie, which anycable-go
 * proxies (the {@code cookie} header, by default): the session is looked up in the
 * application's {@link SessionRepository} and its {@code SPRING_SECURITY_CONTEXT}
 * attribute, where Spring Security's session repository saves the login, holds the
 * authentication.
 * <p>
 * The cookie value is the Base64 of the session id (Spring Session's
 * {@code DefaultCookieSerializer}), or the id itself when Base64 is turned off there. A
 * container's own {@code JSESSIONID} session cannot be found from a stateless RPC call:
 * it needs Spring Session, or an AnyCable JWT.
 *
 * @author AnyCable Spring Boot contributors
 */
public class SessionCableAuthenticationResolver implements CableAuthenticationResolver {

	/** The session attribute Spring Security keeps the security context in. */
	public static final String SECURITY_CONTEXT_ATTRIBUTE = "SPRING_SECURITY_CONTEXT";

	/** Spring Session's cookie name unless configured otherwise. */
	public static final String DEFAULT_COOKIE_NAME = "SESSION";

	private final SessionRepository<? extends Session> sessions;

	private final String cookieName;

	/**
	 * Create a resolver.
	 * @param sessions the application's sessions
	 * @param cookieName the session cookie's name, {@code SESSION} by default
	 */
	public SessionCableAuthenticationResolver(SessionRepository<? extends Session> sessions, String cookieName) {
		Assert.notNull(sessions, "SessionRepository must not be null");
		Assert.hasText(cookieName, "The session cookie name must not be empty");
		this.sessions = sessions;
		this.cookieName = cookieName;
	}

	@Override
	public @Nullable Authentication resolve(CableRequest request) {
		String cookie = request.cookie(this.cookieName).orElse(null);
		if (cookie == null || cookie.isEmpty()) {
			return null;
		}
		Session session = find(cookie);
		if (session == null) {
			// gone, expired or never there: the page has to log in again
			throw new BadCredentialsException("No session for the " + this.cookieName + " cookie");
		}
		Object context = session.getAttribute(SECURITY_CONTEXT_ATTRIBUTE);
		Authentication authentication = (context instanceof SecurityContext securityContext)
				? securityContext.getAuthentication() : null;
		if (authentication == null) {
			throw new BadCredentialsException("The session of the " + this.cookieName + " cookie is not logged in");
		}
		return authentication;
	}

	private @Nullable Session find(String cookie) {
		String decoded = decode(cookie);
		Session session = (decoded != null) ? this.sessions.findById(decoded) : null;
		return (session != null) ? session : this.sessions.findById(cookie);
	}

	private static @Nullable String decode(String cookie) {
		try {
			return new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "Spring Session cookie '" + this.cookieName + "'";
	}

}
