package io.anycable.spring.channel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of a subscription identifier: every key but {@code channel}.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class ChannelParams {

	private final ObjectNode identifier;

	private final CableJson json;

	/**
	 * Create parameters from a parsed channel identifier.
	 * @param identifier the identifier object
	 * @param json the JSON support used for conversions
	 */
	public ChannelParams(ObjectNode identifier, CableJson json) {
		this.identifier = identifier;
		this.json = json;
	}

	/**
	 * Return the channel name.
	 * @return the value of {@code channel}
	 */
	public String channel() {
		return this.identifier.path("channel").asText();
	}

	/**
	 * Return a parameter as text.
	 * @param name the key
	 * @return the value (JSON text for objects and arrays), or empty when absent or null
	 */
	public Optional<String> get(String name) {
		JsonNode node = this.identifier.get(name);
		if (node == null || node.isNull()) {
			return Optional.empty();
		}
		return Optional.of(node.isValueNode() ? node.asText() : node.toString());
	}

	/**
	 * Return a parameter converted to a type.
	 * @param <T> the type
	 * @param name the key
	 * @param type the type
	 * @return the value, or empty when absent or null
	 * @throws IllegalArgumentException when the value does not convert
	 */
	public <T> Optional<T> get(String name, Class<T> type) {
		JsonNode node = this.identifier.get(name);
		if (node == null || node.isNull()) {
			return Optional.empty();
		}
		return Optional
			.of(this.json.convert(node, this.json.mapper().constructType(type), "channel parameter '" + name + "'"));
	}

	/**
	 * Return all parameters as plain Java values.
	 * @return the parameters by key, without {@code channel}
	 */
	public Map<String, Object> asMap() {
		Map<String, Object> result = new LinkedHashMap<>();
		this.identifier.fields().forEachRemaining((field) -> {
			if (!"channel".equals(field.getKey())) {
				result.put(field.getKey(), this.json.mapper().convertValue(field.getValue(), Object.class));
			}
		});
		return result;
	}

	/**
	 * Return a parameter as a JSON tree. The channel framework parses an identifier once
	 * and shares the tree between the calls of a subscription, so the returned node must
	 * not be modified.
	 * @param name the key
	 * @return the value, or {@code null} when absent
	 */
	public @Nullable JsonNode node(String name) {
		return this.identifier.get(name);
	}

	@Override
	public String toString() {
		return this.identifier.toString();
	}

}
