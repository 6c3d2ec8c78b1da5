package io.anycable.spring.embedded;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.anycable.spring.protocol.JsonStrings;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

/**
 * Which subscriptions of which sessions listen to each stream, and the in-memory fan-out
 * of a broadcast to them: one frame per subscribed identifier (a session subscribed to a
 * stream through two identifiers gets two frames, as with anycable-go).
 */
final class StreamRegistry {

	private final Map<String, Set<Subscriber>> streams = new ConcurrentHashMap<>();

	private final ObjectReader reader;

	StreamRegistry(CableJson json) {
		// like Go's json.Unmarshal: data with anything after the JSON value is not JSON
		this.reader = json.mapper().readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	void add(String stream, EmbeddedSession session, String identifier) {
		this.streams.compute(stream, (name, subscribers) -> {
			Set<Subscriber> result = (subscribers != null) ? subscribers : ConcurrentHashMap.newKeySet();
			result.add(new Subscriber(session, identifier));
			return result;
		});
	}

	void remove(String stream, EmbeddedSession session, String identifier) {
		this.streams.computeIfPresent(stream, (name, subscribers) -> {
			subscribers.remove(new Subscriber(session, identifier));
			return subscribers.isEmpty() ? null : subscribers;
		});
	}

	/**
	 * Deliver a publication to every subscription of the stream.
	 * @param stream the stream
	 * @param data the publication's data: JSON text, delivered decoded, or any other
	 * text, delivered as a string (protocol §3.2)
	 * @param excludeSid the session to skip, or {@code null}
	 */
	void broadcast(String stream, String data, @Nullable String excludeSid) {
		Set<Subscriber> subscribers = this.streams.get(stream);
		if (subscribers == null) {
			return;
		}
		String message = decode(data);
		for (Subscriber subscriber : subscribers) {
			if (excludeSid == null || !excludeSid.equals(subscriber.session().sid())) {
				subscriber.session().deliver(subscriber.identifier(), message);
			}
		}
	}

	private String decode(String data) {
		try {
			JsonNode node = this.reader.readValue(data);
			if (node != null && !node.isMissingNode()) {
				return node.toString();
			}
		}
		catch (Exception ex) {
			// not JSON: delivered as a string
		}
		return JsonStrings.quote(data);
	}

	private record Subscriber(EmbeddedSession session, String identifier) {
	}

}
