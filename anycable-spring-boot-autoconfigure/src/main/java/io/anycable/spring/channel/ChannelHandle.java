package io.anycable.spring.channel;

import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;

/**
 * A channel's view of the subscription a call is for: streams, transmissions, state,
 * rejection. Valid for the duration of one call; declare it as a parameter of any channel
 * method.
 *
 * @author AnyCable Spring Boot contributors
 */
public interface ChannelHandle {

	/**
	 * Return the channel identifier exactly as the client sent it.
	 * @return the identifier
	 */
	String identifier();

	/**
	 * Return the parameters of the subscription identifier.
	 * @return the parameters
	 */
	ChannelParams params();

	/**
	 * Return the connection's identifiers.
	 * @return the identifiers
	 */
	CableIdentifiers identifiers();

	/**
	 * Return the client's original WebSocket request.
	 * @return the request
	 */
	CableRequest request();

	/**
	 * Return the client's session id (what a broadcast's {@code exclude_socket} refers
	 * to).
	 * @return the session id, empty when unknown
	 */
	String sid();

	/**
	 * Start receiving broadcasts to a stream.
	 * @param stream the stream name
	 */
	void streamFrom(String stream);

	/**
	 * Start receiving broadcasts to a stream, and optionally let clients whisper to it: a
	 * client's {@code whisper} command is then broadcast by anycable-go to the stream's
	 * other subscribers, without an RPC call.
	 * @param stream the stream name
	 * @param whisper whether clients may whisper to the stream
	 */
	void streamFrom(String stream, boolean whisper);

	/**
	 * Start receiving broadcasts to the stream of a model, named by
	 * {@link StreamNames#of} from this channel and the model.
	 * @param model the model, e.g. a room
	 */
	void streamFor(Object model);

	/**
	 * Stop receiving broadcasts to a stream.
	 * @param stream the stream name
	 */
	void stopStreamFrom(String stream);

	/**
	 * Stop receiving broadcasts to the stream of a model.
	 * @param model the model
	 */
	void stopStreamFor(Object model);

	/**
	 * Stop every stream of this subscription.
	 */
	void stopAllStreams();

	/**
	 * Send a message to this subscription's client:
	 * {@code {"identifier":…,"message":<value as JSON>}}.
	 * @param message the message, serialized with the application's ObjectMapper
	 */
	void transmit(Object message);

	/**
	 * Reject the subscription (from the subscribe callback): the client receives
	 * {@code reject_subscription} and no stream is started.
	 */
	void reject();

	/**
	 * Return whether {@link #reject()} was called.
	 * @return {@code true} once rejected
	 */
	boolean isRejected();

	/**
	 * Return the state of this subscription, kept by anycable-go between calls and
	 * restored in the unsubscribe callback when the client disconnects.
	 * @return the subscription state
	 */
	JsonState state();

	/**
	 * Return the state of the connection, shared by all its subscriptions.
	 * @return the connection state
	 */
	JsonState connectionState();

	/**
	 * Close the client's connection after this call, sending
	 * {@code {"type":"disconnect","reason":…,"reconnect":…}} first.
	 * @param reason the reason, e.g. {@code unauthorized}
	 * @param reconnect whether the client should reconnect
	 */
	void closeConnection(String reason, boolean reconnect);

}
