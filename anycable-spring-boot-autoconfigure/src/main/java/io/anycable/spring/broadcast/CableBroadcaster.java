package io.anycable.spring.broadcast;

/**
 * Sends messages to every client subscribed to a stream, through anycable-go. The payload is serialized
 * with the application's {@code ObjectMapper}; clients receive it as the {@code message} of their
 * subscription.
 * <p>
 * Inside a Spring transaction, broadcasts are held until the transaction commits (and dropped when it
 * rolls back), then sent as one batch, so clients never hear about data that is not there yet. Sends are
 * synchronous and bounded in time: a failure throws {@link BroadcastException}.
 *
 * @author AnyCable Spring Boot contributors
 */
public interface CableBroadcaster {

	/**
	 * Broadcast a payload to a stream.
	 * @param stream the stream name, as returned by a channel's {@code streamFrom}
	 * @param payload the message, any value the application's {@code ObjectMapper} can write; a
	 * {@code String} is sent as a JSON string
	 * @throws BroadcastException if the message could not be handed to the broker
	 */
	default void broadcast(String stream, Object payload) {
		broadcast(stream, payload, BroadcastOptions.defaults());
	}

	/**
	 * Broadcast a payload to a stream.
	 * @param stream the stream name, as returned by a channel's {@code streamFrom}
	 * @param payload the message, any value the application's {@code ObjectMapper} can write; a
	 * {@code String} is sent as a JSON string
	 * @param options who to leave out and whether the broker may keep the message in its history
	 * @throws BroadcastException if the message could not be handed to the broker
	 */
	void broadcast(String stream, Object payload, BroadcastOptions options);

	/**
	 * Ask anycable-go to disconnect the clients of a connection (for example after a user logged out).
	 * @param identifiersJson the connection's identifiers, exactly as the connection returned them on
	 * Connect (anycable-go compares them byte for byte)
	 * @param reconnect whether the clients should try to reconnect
	 * @throws BroadcastException if the command could not be handed to the broker
	 */
	void disconnect(String identifiersJson, boolean reconnect);

	/**
	 * Run some work and send every broadcast it makes as one publication when it completes. When the work
	 * throws, its broadcasts are dropped and the exception propagates. Nested batches and batches inside a
	 * transaction join the enclosing one.
	 * <p>
	 * The default implementation sends each broadcast on its own.
	 * @param work the work that broadcasts
	 * @throws BroadcastException if the batch could not be handed to the broker
	 */
	default void batch(Runnable work) {
		work.run();
	}

}
