package io.anycable.spring.broadcast;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.anycable.spring.connection.CableIdentifiers;

/**
 * Sends messages to every client subscribed to a stream, through anycable-go. The payload
 * is serialized with the application's {@code ObjectMapper}; clients receive it as the
 * {@code message} of their subscription.
 * <p>
 * Inside a Spring transaction, broadcasts are held until the transaction commits (and
 * dropped when it rolls back), then sent as one batch, so clients never hear about data
 * that is not there yet. Sends are synchronous and bounded in time (during an RPC call,
 * strictly any gRPC call with a deadline on the current thread, also by the time the call
 * has left): a failure throws {@link BroadcastException}.
 *
 * @author AnyCable Spring Boot contributors
 */
public interface CableBroadcaster {

	/**
	 * Broadcast a payload to a stream.
	 * @param stream the stream name, as returned by a channel's {@code streamFrom}
	 * @param payload the message, any value the application's {@code ObjectMapper} can
	 * write; a {@code String} is sent as a JSON string
	 * @throws BroadcastException if the message could not be handed to the broker
	 */
	default void broadcast(String stream, Object payload) {
		broadcast(stream, payload, BroadcastOptions.defaults());
	}

	/**
	 * Broadcast a payload to a stream.
	 * @param stream the stream name, as returned by a channel's {@code streamFrom}
	 * @param payload the message, any value the application's {@code ObjectMapper} can
	 * write; a {@code String} is sent as a JSON string
	 * @param options who to leave out and whether the broker may keep the message in its
	 * history
	 * @throws BroadcastException if the message could not be handed to the broker
	 */
	void broadcast(String stream, Object payload, BroadcastOptions options);

	/**
	 * Broadcast a payload to a stream without waiting for the broker.
	 * @param stream the stream name, as returned by a channel's {@code streamFrom}
	 * @param payload the message, as for {@link #broadcast(String, Object)}
	 * @return completes when the broker took the message, or exceptionally with a
	 * {@link BroadcastException}
	 * @see #broadcastAsync(String, Object, BroadcastOptions)
	 */
	default CompletableFuture<Void> broadcastAsync(String stream, Object payload) {
		return broadcastAsync(stream, payload, BroadcastOptions.defaults());
	}

	/**
	 * Broadcast a payload to a stream without waiting for the broker: the call returns
	 * once the message is written and handed to the adapter's client, so one thread can
	 * keep many broadcasts in flight. The redis and redisx adapters send asynchronously;
	 * the others send before returning, as {@code broadcast} does. Callbacks on the
	 * future may run on the broker client's I/O thread and must not block.
	 * <p>
	 * Inside a transaction or a {@link #batch(Runnable) batch} the broadcast is held like
	 * any other and the future is already complete: the batch or the commit sends it and
	 * reports a failure.
	 * <p>
	 * The default implementation calls
	 * {@link #broadcast(String, Object, BroadcastOptions)}.
	 * @param stream the stream name, as returned by a channel's {@code streamFrom}
	 * @param payload the message, as for {@link #broadcast(String, Object)}
	 * @param options who to leave out and whether the broker may keep the message in its
	 * history
	 * @return completes when the broker took the message, or exceptionally with a
	 * {@link BroadcastException}
	 * @throws IllegalArgumentException if the stream is empty or the payload cannot be
	 * written as JSON
	 */
	default CompletableFuture<Void> broadcastAsync(String stream, Object payload, BroadcastOptions options) {
		try {
			broadcast(stream, payload, options);
			return CompletableFuture.completedFuture(null);
		}
		catch (BroadcastException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Ask anycable-go to disconnect the clients of a connection (for example after a user
	 * logged out), by the identifiers it was accepted with.
	 * @param identifiers the connection's identifiers, e.g. from
	 * {@link CableIdentifiers#of(Map)}; not empty (that would close every anonymous
	 * connection)
	 * @param reconnect whether the clients should try to reconnect
	 * @throws BroadcastException if the command could not be handed to the broker
	 */
	default void disconnect(CableIdentifiers identifiers, boolean reconnect) {
		disconnect(identifiers.json(), reconnect);
	}

	/**
	 * Ask anycable-go to disconnect the clients of a connection, by identifier values:
	 * the same map the connection factory accepted, in any order, e.g.
	 * {@code disconnect(Map.of("user", "jane"), false)}.
	 * @param identifiers the identifier values, as for {@link CableIdentifiers#of(Map)}
	 * @param reconnect whether the clients should try to reconnect
	 * @throws IllegalArgumentException if a value cannot be an identifier
	 * @throws BroadcastException if the command could not be handed to the broker
	 */
	default void disconnect(Map<String, ?> identifiers, boolean reconnect) {
		disconnect(CableIdentifiers.of(identifiers), reconnect);
	}

	/**
	 * Ask anycable-go to disconnect the clients of a connection, by identifiers written
	 * as JSON. anycable-go compares identifiers byte for byte, so the JSON is first put
	 * in {@link CableIdentifiers canonical form} (sorted keys, no spaces), the form every
	 * Connect answers with: JSON written by the application's own {@code ObjectMapper}
	 * matches as well.
	 * @param identifiersJson the connection's identifiers, a JSON object
	 * @param reconnect whether the clients should try to reconnect
	 * @throws IllegalArgumentException if the text is not a JSON object
	 * @throws BroadcastException if the command could not be handed to the broker
	 */
	void disconnect(String identifiersJson, boolean reconnect);

	/**
	 * Run some work and send every broadcast it makes as one publication when it
	 * completes. When the work throws, its broadcasts are dropped and the exception
	 * propagates. Nested batches and batches inside a transaction join the enclosing one.
	 * <p>
	 * The default implementation sends each broadcast on its own.
	 * @param work the work that broadcasts
	 * @throws BroadcastException if the batch could not be handed to the broker
	 */
	default void batch(Runnable work) {
		work.run();
	}

}
