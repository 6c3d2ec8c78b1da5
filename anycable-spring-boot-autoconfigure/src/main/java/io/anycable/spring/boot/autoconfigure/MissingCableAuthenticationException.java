package io.anycable.spring.boot.autoconfigure;

/**
 * Thrown at startup when {@code anycable.security.enabled} is set but nothing can
 * authenticate a WebSocket client: no Spring Session, no {@code JwtDecoder}, no
 * {@code CableAuthenticationResolver}.
 *
 * @author AnyCable Spring Boot contributors
 */
public class MissingCableAuthenticationException extends RuntimeException {

	MissingCableAuthenticationException() {
		super("anycable.security.enabled is set, but nothing can authenticate a WebSocket client");
	}

}
