package io.anycable.spring.connection;

/**
 * What a {@link SocketConnection} sees of the client during one RPC call: the request,
 * the session id, the connection and channel state, and the operations whose results
 * anycable-go applies after the call (frames to transmit, streams to start or stop,
 * closing the connection).
 * <p>
 * This is the low-level contract of the original AnyCable design; the channel framework
 * is built on it, and another framework can be plugged in through a
 * {@link SocketConnectionFactory} bean. An instance lives for one call and is not
 * thread-safe.
 *
 * @author AnyCable Spring Boot contributors
 */
public interface CableSocket {

	/**
	 * Return the session id anycable-go gave this client ({@code sid} metadata, also sent
	 * in the welcome frame).
	 * @return the session id, empty when anycable-go did not send one
	 */
	String sid();

	/**
	 * Return the client's original request.
	 * @return the request
	 */
	CableRequest request();

	/**
	 * Return the connection state ({@code cstate}); changes are returned to anycable-go
	 * (those made in Disconnect are discarded).
	 * @return the connection state
	 */
	CableState connectionState();

	/**
	 * Return the state of a channel subscription ({@code istate}). In Command it is the
	 * state of the subscription the command is for; in Disconnect it is decoded from what
	 * anycable-go sent for that identifier (read-only).
	 * @param identifier the channel identifier
	 * @return the channel state
	 * @throws IllegalArgumentException in Command, for another identifier than the
	 * command's: anycable-go only sends the state of the subscription being processed
	 */
	CableState channelState(String identifier);

	/**
	 * Send a raw frame to the client (in order, after this call returns).
	 * @param frame the frame, usually a JSON object
	 */
	void transmit(String frame);

	/**
	 * Start a stream for the subscription.
	 * @param identifier the channel identifier
	 * @param stream the stream name that broadcasts will use
	 */
	void subscribe(String identifier, String stream);

	/**
	 * Stop a stream of the subscription.
	 * @param identifier the channel identifier
	 * @param stream the stream name
	 */
	void unsubscribe(String identifier, String stream);

	/**
	 * Stop every stream of the subscription.
	 * @param identifier the channel identifier
	 */
	void unsubscribeFromAll(String identifier);

	/**
	 * Close the client connection: on Connect the connection is rejected, and the client
	 * gets the {@code unauthorized} disconnect frame unless the last transmission is a
	 * disconnect frame of the connection's own ({@code CableFrames.disconnect(reason,
	 * false)}, e.g. for {@code token_expired}); on Command anycable-go closes the socket
	 * after sending the transmissions.
	 */
	void close();

	/**
	 * Return whether {@link #close()} was called.
	 * @return {@code true} once closed
	 */
	boolean isClosed();

}
