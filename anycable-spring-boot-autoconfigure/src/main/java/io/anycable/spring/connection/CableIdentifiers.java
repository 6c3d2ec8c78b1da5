package io.anycable.spring.connection;

import io.anycable.spring.protocol.JsonStrings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The identifiers of a connection (e.g. the user id), as accepted by the
 * {@link CableConnectionFactory}.
 * <p>
 * anycable-go stores them as one string and compares it byte for byte (remote disconnects
 * find sessions by it), so they have one canonical JSON form: keys sorted, values limited
 * to strings, numbers and booleans, written without spaces. {@link #json()} is that form,
 * for Connect as well as for {@code CableBroadcaster.disconnect}.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableIdentifiers {

	private static final CableIdentifiers EMPTY = new CableIdentifiers(Map.of(), "{}");

	private final Map<String, Object> values;

	private final String json;

	private CableIdentifiers(Map<String, Object> values, String json) {
		this.values = values;
		this.json = json;
	}

	/**
	 * Return the identifiers of an anonymous connection.
	 * @return empty identifiers ({@code {}})
	 */
	public static CableIdentifiers empty() {
		return EMPTY;
	}

	/**
	 * Create identifiers from values.
	 * @param values the values: strings, numbers or booleans
	 * @return the identifiers
	 * @throws IllegalArgumentException for any other kind of value
	 */
	public static CableIdentifiers of(Map<String, ?> values) {
		Assert.notNull(values, "Identifiers must not be null");
		if (values.isEmpty()) {
			return EMPTY;
		}
		Map<String, Object> sorted = new TreeMap<>();
		values.forEach((name, value) -> {
			Assert.hasLength(name, "An identifier name must not be empty");
			if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
				throw new IllegalArgumentException(
						"Identifier '" + name + "' must be a String, a number or a boolean, not "
								+ ((value != null) ? value.getClass().getName() : "null")
								+ ": identify a connection by ids, e.g. user.getId()");
			}
			sorted.put(name, value);
		});
		StringBuilder json = new StringBuilder("{");
		sorted.forEach((name, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append(JsonStrings.quote(name)).append(':');
			json.append((value instanceof String text) ? JsonStrings.quote(text) : value.toString());
		});
		return new CableIdentifiers(Collections.unmodifiableMap(new LinkedHashMap<>(sorted)),
				json.append('}').toString());
	}

	/**
	 * Read identifiers that anycable-go sent back.
	 * @param json the identifiers JSON, may be {@code null} or empty
	 * @param cableJson the JSON reader
	 * @return the identifiers; the original string is kept as {@link #json()}
	 */
	public static CableIdentifiers parse(@Nullable String json, CableJson cableJson) {
		if (json == null || json.isEmpty() || "{}".equals(json)) {
			return EMPTY;
		}
		Map<String, Object> values = new LinkedHashMap<>();
		cableJson.readObject(json, "connection identifiers").fields().forEachRemaining((field) -> {
			var node = field.getValue();
			values.put(field.getKey(), node.isTextual() ? node.textValue()
					: node.isNumber() ? node.numberValue() : node.isBoolean() ? node.booleanValue() : node.toString());
		});
		return new CableIdentifiers(Collections.unmodifiableMap(values), json);
	}

	/**
	 * Return one identifier.
	 * @param name the identifier name
	 * @return the value, or empty when absent
	 */
	public Optional<Object> get(String name) {
		return Optional.ofNullable(this.values.get(name));
	}

	/**
	 * Return one identifier as a string.
	 * @param name the identifier name
	 * @return the value as text, or empty when absent
	 */
	public Optional<String> getString(String name) {
		return get(name).map(Object::toString);
	}

	/**
	 * Return all identifiers.
	 * @return the identifiers by name
	 */
	public Map<String, Object> asMap() {
		return this.values;
	}

	/**
	 * Return whether there are none (an anonymous connection).
	 * @return {@code true} when empty
	 */
	public boolean isEmpty() {
		return this.values.isEmpty();
	}

	/**
	 * Return the JSON string anycable-go stores for the connection.
	 * @return the JSON
	 */
	public String json() {
		return this.json;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof CableIdentifiers that && this.json.equals(that.json));
	}

	@Override
	public int hashCode() {
		return this.json.hashCode();
	}

	@Override
	public String toString() {
		return this.json;
	}

}
