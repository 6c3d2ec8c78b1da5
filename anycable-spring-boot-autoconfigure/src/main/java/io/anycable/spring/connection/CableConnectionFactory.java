package io.anycable.spring.connection;

/**
 * Authenticates clients: "the ConnectionFactory bean" of an AnyCable application. Called
 * on every new WebSocket connection (the Connect RPC) with the original request, it
 * accepts the client with identifiers or rejects it. Identifiers are then available to
 * every channel call.
 * <p>
 * When the application defines no such bean, every client is accepted anonymously.
 *
 * @author AnyCable Spring Boot contributors
 */
@FunctionalInterface
public interface CableConnectionFactory {

	/**
	 * Decide about a new client.
	 * @param request the WebSocket request (URL, proxied headers, cookies)
	 * @return {@link CableConnection#accept} or {@link CableConnection#reject()}
	 */
	CableConnection connect(CableRequest request);

	/**
	 * Called once the client is gone, after every subscription's unsubscribe callback.
	 * @param identifiers the connection's identifiers
	 * @param request the original request
	 */
	default void disconnect(CableIdentifiers identifiers, CableRequest request) {
	}

}
