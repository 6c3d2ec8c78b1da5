package io.anycable.spring.security;

import java.util.List;
import java.util.Objects;

import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.jwt.CableJwtVerification;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * The {@link CableConnectionFactory} of a Spring Security application: the first
 * {@link CableAuthenticationResolver} that finds credentials in the request decides. An
 * authenticated client is accepted with the identifiers of the
 * {@link CableAuthenticationMapper} and its authorities in the connection state (read
 * back by {@link SecurityContextChannelCallScope} when there is no
 * {@code UserDetailsService}); a client without credentials, anonymous, or with invalid
 * ones is rejected as {@code unauthorized}; expired credentials are rejected with
 * {@code token_expired}, which makes the AnyCable JS client refresh its token. Nothing of
 * the credentials is logged.
 *
 * @author AnyCable Spring Boot contributors
 */
public class SpringSecurityCableConnectionFactory implements CableConnectionFactory {

	/** The connection state key of the authorities granted at Connect. */
	public static final String AUTHORITIES_STATE_KEY = "spring-security.authorities";

	private static final Log logger = LogFactory.getLog(SpringSecurityCableConnectionFactory.class);

	private final List<CableAuthenticationResolver> resolvers;

	private final CableAuthenticationMapper mapper;

	/**
	 * Create a factory.
	 * @param resolvers asked in order
	 * @param mapper maps an authentication to identifiers
	 */
	public SpringSecurityCableConnectionFactory(List<CableAuthenticationResolver> resolvers,
			CableAuthenticationMapper mapper) {
		Assert.notEmpty(resolvers, "At least one CableAuthenticationResolver is needed");
		Assert.notNull(mapper, "CableAuthenticationMapper must not be null");
		this.resolvers = List.copyOf(resolvers);
		this.mapper = mapper;
	}

	@Override
	public CableConnection connect(CableRequest request) {
		Authentication authentication;
		try {
			authentication = authenticate(request);
		}
		catch (CredentialsExpiredException | AccountExpiredException ex) {
			debug("expired credentials", ex);
			return CableConnection.reject(CableJwtVerification.TOKEN_EXPIRED_REASON);
		}
		catch (AuthenticationException ex) {
			debug("invalid credentials", ex);
			return CableConnection.reject();
		}
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			debug("no authenticated user", null);
			return CableConnection.reject();
		}
		List<String> authorities = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(Objects::nonNull)
			.toList();
		return CableConnection.accept(this.mapper.identifiers(authentication))
			.withState(AUTHORITIES_STATE_KEY, authorities);
	}

	private @Nullable Authentication authenticate(CableRequest request) {
		for (CableAuthenticationResolver resolver : this.resolvers) {
			Authentication authentication = resolver.resolve(request);
			if (authentication != null) {
				return authentication;
			}
		}
		return null;
	}

	// the exception message, never the credentials: resolvers do not put them there
	private static void debug(String what, @Nullable AuthenticationException ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Connect rejected, " + what + ((ex != null) ? ": " + ex.getMessage() : ""));
		}
	}

	/**
	 * Return the resolvers.
	 * @return the resolvers, in order
	 */
	public List<CableAuthenticationResolver> resolvers() {
		return this.resolvers;
	}

}
