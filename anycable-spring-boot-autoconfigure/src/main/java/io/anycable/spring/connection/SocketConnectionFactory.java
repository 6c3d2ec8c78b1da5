package io.anycable.spring.connection;

/**
 * Creates the {@link SocketConnection} for one RPC call. Declaring a bean of this type
 * replaces the built-in channel framework with one of your own.
 *
 * @author AnyCable Spring Boot contributors
 */
@FunctionalInterface
public interface SocketConnectionFactory {

	/**
	 * Create a connection for one call.
	 * @param socket the socket of this call
	 * @param options the identifiers and subscriptions anycable-go sent
	 * @return the connection
	 */
	SocketConnection create(CableSocket socket, ConnectionOptions options);

}
