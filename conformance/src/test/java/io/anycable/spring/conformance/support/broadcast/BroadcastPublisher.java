package io.anycable.spring.conformance.support.broadcast;

import java.util.LinkedHashMap;
import java.util.Map;

import io.anycable.spring.testsupport.Json;

/**
 * Publishes to one running anycable-go through one broadcast transport. The payloads are
 * AnyCable's publication format (spec §3.1), identical for every transport.
 */
public interface BroadcastPublisher extends AutoCloseable {

	/**
	 * Return the transport name, for reports.
	 * @return the name
	 */
	String transport();

	/**
	 * Publish a raw publication: a message object, a batch array or a remote command.
	 * Returns once the transport accepted it (delivery to clients is asynchronous).
	 * @param publicationJson the publication JSON
	 */
	void publish(String publicationJson);

	/**
	 * Broadcast {@code data} (already JSON-encoded, as the {@code data} field must be a
	 * string).
	 * @param stream the stream
	 * @param data the JSON-encoded data
	 */
	default void broadcast(String stream, String data) {
		publish(Json.write(Json.map("stream", stream, "data", data)));
	}

	/**
	 * Broadcast to everyone on the stream except one session
	 * ({@code meta.exclude_socket}).
	 * @param stream the stream
	 * @param data the JSON-encoded data
	 * @param excludeSid the session id not to deliver to
	 */
	default void broadcastToOthers(String stream, String data, String excludeSid) {
		Map<String, Object> publication = new LinkedHashMap<>();
		publication.put("stream", stream);
		publication.put("data", data);
		publication.put("meta", Json.map("exclude_socket", excludeSid));
		publish(Json.write(publication));
	}

	/**
	 * Broadcast several messages as one publication (a JSON array), delivered in order.
	 * @param messages stream to JSON-encoded data, in order
	 */
	default void broadcastBatch(java.util.List<Map.Entry<String, String>> messages) {
		publish(Json.write(messages.stream()
			.map((message) -> Json.map("stream", message.getKey(), "data", message.getValue()))
			.toList()));
	}

	/**
	 * Ask anycable-go to disconnect the sessions with these identifiers (remote command).
	 * @param identifiers the identifiers string, byte-identical to Connect's
	 * @param reconnect whether clients should reconnect
	 */
	default void remoteDisconnect(String identifiers, boolean reconnect) {
		publish(Json.write(Json.map("command", "disconnect", "payload",
				Json.map("identifier", identifiers, "reconnect", reconnect))));
	}

	@Override
	default void close() {
	}

}
