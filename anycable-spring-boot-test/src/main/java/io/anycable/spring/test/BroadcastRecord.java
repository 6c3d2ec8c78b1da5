package io.anycable.spring.test;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

/**
 * One broadcast recorded by a {@link BroadcastRecorder}, as anycable-go would read it.
 *
 * @param stream the stream
 * @param data the publication's {@code data}: the payload as JSON text
 * @param excludeSocket the session left out ({@code meta.exclude_socket}), {@code null}
 * for none
 * @param transientMessage whether it is kept out of the broker's history
 * ({@code meta.transient})
 * @param json the JSON support, to read the payload back
 * @author AnyCable Spring Boot contributors
 */
public record BroadcastRecord(String stream, String data, @Nullable String excludeSocket, boolean transientMessage,
		CableJson json) {

	/**
	 * Return the payload as a JSON tree.
	 * @return the payload
	 */
	public JsonNode payload() {
		return payload(JsonNode.class);
	}

	/**
	 * Read the payload as a type.
	 * @param <T> the type
	 * @param type the type
	 * @return the payload
	 */
	public <T> T payload(Class<T> type) {
		return this.json.read(this.data, this.json.mapper().constructType(type), "broadcast to " + this.stream);
	}

	@Override
	public String toString() {
		return this.stream + " <- " + this.data
				+ ((this.excludeSocket != null) ? " (except " + this.excludeSocket + ")" : "")
				+ (this.transientMessage ? " (transient)" : "");
	}

}
