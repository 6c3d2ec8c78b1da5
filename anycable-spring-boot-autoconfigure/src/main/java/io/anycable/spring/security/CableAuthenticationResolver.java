package io.anycable.spring.security;

import io.anycable.spring.connection.CableRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Finds the {@link Authentication} of a WebSocket request from one kind of credentials,
 * for {@link SpringSecurityCableConnectionFactory}: resolver beans are asked in
 * {@code @Order}, and the first that finds credentials decides.
 *
 * @author AnyCable Spring Boot contributors
 */
@FunctionalInterface
public interface CableAuthenticationResolver {

	/**
	 * Authenticate the request.
	 * @param request the WebSocket request anycable-go describes
	 * @return the authentication, or {@code null} when the request carries no credentials
	 * of this kind
	 * @throws AuthenticationException when it carries credentials that are not valid
	 * ({@link org.springframework.security.authentication.CredentialsExpiredException}
	 * for expired ones: the client is told {@code token_expired})
	 */
	@Nullable Authentication resolve(CableRequest request) throws AuthenticationException;

}
