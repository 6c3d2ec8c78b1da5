package io.anycable.spring.security;

import java.util.Locale;

import io.anycable.spring.connection.CableRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.util.Assert;

/**
 * Authenticates a WebSocket request by an OAuth 2 bearer token: the
 * {@code Authorization: Bearer} header (anycable-go proxies it with
 * {@code --headers=cookie,authorization}), else the {@code access_token} query parameter
 * (RFC 6750, for browsers, which cannot set headers on a WebSocket). The token goes to an
 * {@link AuthenticationManager}, by default one around the application's
 * {@code JwtDecoder}; a JWT rejected as expired becomes a
 * {@link CredentialsExpiredException}, so the client is told {@code token_expired}.
 *
 * @author AnyCable Spring Boot contributors
 */
public class BearerTokenCableAuthenticationResolver implements CableAuthenticationResolver {

	/** The query parameter of RFC 6750. */
	public static final String ACCESS_TOKEN_PARAM = "access_token";

	private static final String BEARER = "bearer ";

	private final AuthenticationManager authenticationManager;

	/**
	 * Create a resolver.
	 * @param authenticationManager authenticates {@link BearerTokenAuthenticationToken}s
	 */
	public BearerTokenCableAuthenticationResolver(AuthenticationManager authenticationManager) {
		Assert.notNull(authenticationManager, "AuthenticationManager must not be null");
		this.authenticationManager = authenticationManager;
	}

	@Override
	public @Nullable Authentication resolve(CableRequest request) {
		String token = token(request);
		if (token == null) {
			return null;
		}
		try {
			return this.authenticationManager.authenticate(new BearerTokenAuthenticationToken(token));
		}
		catch (AuthenticationException ex) {
			if (isExpired(ex)) {
				throw new CredentialsExpiredException("The bearer token has expired", ex);
			}
			throw ex;
		}
	}

	private static @Nullable String token(CableRequest request) {
		String header = request.header("authorization").orElse("");
		if (header.length() > BEARER.length() && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return header.substring(BEARER.length()).trim();
		}
		String param = request.param(ACCESS_TOKEN_PARAM).orElse("");
		return param.isEmpty() ? null : param;
	}

	// Spring's JwtTimestampValidator says "Jwt expired at <instant>"
	private static boolean isExpired(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException validation) {
				for (OAuth2Error error : validation.getErrors()) {
					String description = error.getDescription();
					if (description != null && description.toLowerCase(Locale.ROOT).startsWith("jwt expired")) {
						return true;
					}
				}
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "bearer token (Authorization header or ?" + ACCESS_TOKEN_PARAM + "=)";
	}

}
