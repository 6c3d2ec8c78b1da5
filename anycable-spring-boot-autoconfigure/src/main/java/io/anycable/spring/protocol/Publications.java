package io.anycable.spring.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

/**
 * The publication format anycable-go reads from its broadcast adapters (protocol §3.1): a
 * message for a stream, a batch of messages (a JSON array, delivered in order) or a
 * remote command. Written by the broadcasters, read by the embedded server, so both agree
 * with anycable-go byte for byte.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class Publications {

	private Publications() {
	}

	/**
	 * Encode a message for a stream.
	 * @param stream the stream
	 * @param data the data, delivered to the subscribers as it is (usually JSON text)
	 * @param excludeSocket the session id not to deliver to, or {@code null}
	 * @param transientMessage whether the message stays out of the stream's history
	 * @return the JSON object text
	 */
	public static String message(String stream, String data, @Nullable String excludeSocket, boolean transientMessage) {
		StringBuilder json = new StringBuilder(data.length() + stream.length() + 64);
		json.append("{\"stream\":").append(JsonStrings.quote(stream));
		json.append(",\"data\":").append(JsonStrings.quote(data));
		if (excludeSocket != null || transientMessage) {
			json.append(",\"meta\":{");
			if (excludeSocket != null) {
				json.append("\"exclude_socket\":").append(JsonStrings.quote(excludeSocket));
			}
			if (transientMessage) {
				json.append((excludeSocket != null) ? "," : "").append("\"transient\":true");
			}
			json.append('}');
		}
		return json.append('}').toString();
	}

	/**
	 * Encode a remote disconnect of every connection with the given identifiers.
	 * @param identifiersJson the identifiers, exactly as the connections were accepted
	 * with
	 * @param reconnect whether the clients should reconnect
	 * @return the JSON object text
	 */
	public static String disconnect(String identifiersJson, boolean reconnect) {
		return "{\"command\":\"disconnect\",\"payload\":{\"identifier\":" + JsonStrings.quote(identifiersJson)
				+ ",\"reconnect\":" + reconnect + "}}";
	}

	/**
	 * Decode a publication, as anycable-go does.
	 * @param mapper reads the JSON
	 * @param publication the publication text
	 * @param receiver told each message, in order, or the command
	 * @throws IllegalArgumentException for text that is not a publication
	 */
	public static void decode(ObjectMapper mapper, String publication, Receiver receiver) {
		JsonNode node;
		try {
			node = mapper.readTree(publication);
		}
		catch (Exception ex) {
			throw new IllegalArgumentException("Invalid publication format: " + publication, ex);
		}
		if (node != null && node.isArray()) {
			for (JsonNode message : node) {
				decodeMessage(message, publication, receiver);
			}
		}
		else if (node != null && node.hasNonNull("stream")) {
			decodeMessage(node, publication, receiver);
		}
		else if (node != null && "disconnect".equals(node.path("command").asText())) {
			JsonNode payload = node.path("payload");
			receiver.disconnect(payload.path("identifier").asText(), payload.path("reconnect").asBoolean());
		}
		else {
			throw new IllegalArgumentException("Invalid publication format: " + publication);
		}
	}

	private static void decodeMessage(JsonNode message, String publication, Receiver receiver) {
		if (!message.path("stream").isTextual()) {
			throw new IllegalArgumentException("Invalid publication format: " + publication);
		}
		JsonNode excludeSocket = message.path("meta").path("exclude_socket");
		receiver.message(message.path("stream").textValue(), message.path("data").asText(),
				excludeSocket.isTextual() ? excludeSocket.textValue() : null);
	}

	/**
	 * Receives what a publication carries.
	 */
	public interface Receiver {

		/**
		 * A message for a stream.
		 * @param stream the stream
		 * @param data the data
		 * @param excludeSocket the session id not to deliver to, or {@code null}
		 */
		void message(String stream, String data, @Nullable String excludeSocket);

		/**
		 * A remote disconnect.
		 * @param identifiersJson the identifiers of the connections to close
		 * @param reconnect whether the clients should reconnect
		 */
		void disconnect(String identifiersJson, boolean reconnect);

	}

}
