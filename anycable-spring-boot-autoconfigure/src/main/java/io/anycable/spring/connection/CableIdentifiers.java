package io.anycable.spring.connection;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.protocol.JsonStrings;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The identifiers of a connection (e.g. the user id), as accepted by the
 * {@link CableConnectionFactory}.
 * <p>
 * anycable-go stores them as one string and compares it byte for byte (remote disconnects
 * find sessions by it), so they have one canonical JSON form: keys sorted at every level,
 * written without spaces. {@link #json()} is that form, for Connect as well as for
 * {@code CableBroadcaster.disconnect}.
 * <p>
 * A value is a string, a finite number, a boolean, or a {@link Map} (string keys) or
 * {@link List} of such values, nested as deep as needed (a Rails GlobalID is a string; a
 * serverless-js identifier may be an object). {@code null} is allowed inside maps and
 * lists, not as an identifier's value ({@link #of(Map)} refuses it; identifiers read back
 * leave such an identifier out). Numbers are written in one form whatever their type
 * ({@code 1.50} as {@code 1.5}, {@code 100.0} as {@code 100}).
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableIdentifiers {

	private static final CableIdentifiers EMPTY = new CableIdentifiers(Map.of(), "{}");

	/** How many digits a whole number may have to be written without an exponent. */
	private static final int MAX_PLAIN_DIGITS = 21;

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
	 * @param values the values: strings, finite numbers, booleans, or maps and lists of
	 * those
	 * @return the identifiers
	 * @throws IllegalArgumentException for any other kind of value, {@code NaN} or an
	 * infinite number (not JSON), or a null value at the top level
	 */
	public static CableIdentifiers of(Map<String, ?> values) {
		Assert.notNull(values, "Identifiers must not be null");
		if (values.isEmpty()) {
			return EMPTY;
		}
		values.forEach((name, value) -> {
			Assert.hasLength(name, "An identifier name must not be empty");
			if (value == null) {
				throw new IllegalArgumentException("Identifier '" + name + "' is null: leave it out instead");
			}
		});
		StringBuilder json = new StringBuilder();
		@SuppressWarnings("unchecked")
		Map<String, Object> canonical = (Map<String, Object>) write(values, json, "");
		return new CableIdentifiers(canonical, json.toString());
	}

	/**
	 * Read identifiers that anycable-go sent back.
	 * @param json the identifiers JSON, may be {@code null} or empty
	 * @param cableJson the JSON reader
	 * @return the identifiers; the original string is kept as {@link #json()}
	 * @throws IllegalArgumentException if the text is not a JSON object
	 */
	public static CableIdentifiers parse(@Nullable String json, CableJson cableJson) {
		if (json == null || json.isEmpty() || "{}".equals(json)) {
			return EMPTY;
		}
		return new CableIdentifiers(read(json, cableJson), json);
	}

	/**
	 * Read identifiers written as JSON by other means (the application's own
	 * {@code ObjectMapper}, a low-level connection's {@code identifiersJson()}) and put
	 * them in canonical form, so that they match what anycable-go stored.
	 * @param json the identifiers JSON
	 * @param cableJson the JSON reader
	 * @return the identifiers, whose {@link #json()} is canonical
	 * @throws IllegalArgumentException if the text is not a JSON object
	 */
	public static CableIdentifiers canonicalize(String json, CableJson cableJson) {
		Assert.hasText(json, "Identifiers must not be empty");
		return of(read(json, cableJson));
	}

	/**
	 * Read the top level of an identifiers object; a {@code null} there counts as absent.
	 */
	private static Map<String, Object> read(String json, CableJson cableJson) {
		Map<String, Object> values = new LinkedHashMap<>();
		cableJson.readObject(json, "connection identifiers").fields().forEachRemaining((field) -> {
			Object value = value(field.getValue());
			if (value != null) {
				values.put(field.getKey(), value);
			}
		});
		return Collections.unmodifiableMap(values);
	}

	private static @Nullable Object value(JsonNode node) {
		if (node.isTextual()) {
			return node.textValue();
		}
		if (node.isNumber()) {
			return node.numberValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isObject()) {
			Map<String, @Nullable Object> map = new LinkedHashMap<>();
			node.fields().forEachRemaining((field) -> map.put(field.getKey(), value(field.getValue())));
			return Collections.unmodifiableMap(map);
		}
		if (node.isArray()) {
			List<@Nullable Object> list = new ArrayList<>(node.size());
			node.forEach((element) -> list.add(value(element)));
			return Collections.unmodifiableList(list);
		}
		return null;
	}

	/**
	 * Write a value in canonical form and return its read-only copy (maps sorted by key).
	 * @param path where the value is, for messages ({@code user.roles[0]})
	 */
	private static @Nullable Object write(@Nullable Object value, StringBuilder json, String path) {
		if (value == null) {
			json.append("null");
			return null;
		}
		if (value instanceof String text) {
			json.append(JsonStrings.quote(text));
			return text;
		}
		if (value instanceof Boolean) {
			json.append(value);
			return value;
		}
		if (value instanceof Number number) {
			if ((number instanceof Double d && !Double.isFinite(d))
					|| (number instanceof Float f && !Float.isFinite(f))) {
				throw new IllegalArgumentException("Identifier '" + path + "' is " + number
						+ ", which JSON cannot represent: anycable-go would store identifiers that no later call can read");
			}
			json.append(canonicalNumber(number));
			return number;
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, @Nullable Object> sorted = new TreeMap<>();
			map.forEach((key, element) -> {
				if (!(key instanceof String name)) {
					throw new IllegalArgumentException(
							"Identifier '" + path + "' has a key that is not a String: " + key);
				}
				sorted.put(name, element);
			});
			Map<String, @Nullable Object> copy = new LinkedHashMap<>();
			json.append('{');
			sorted.forEach((name, element) -> {
				if (!copy.isEmpty()) {
					json.append(',');
				}
				json.append(JsonStrings.quote(name)).append(':');
				copy.put(name, write(element, json, path.isEmpty() ? name : path + "." + name));
			});
			json.append('}');
			return Collections.unmodifiableMap(copy);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> copy = new ArrayList<>(list.size());
			json.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					json.append(',');
				}
				copy.add(write(list.get(i), json, path + "[" + i + "]"));
			}
			json.append(']');
			return Collections.unmodifiableList(copy);
		}
		throw new IllegalArgumentException(
				"Identifier '" + path + "' must be a String, a number, a boolean, or a Map or List of those, not "
						+ value.getClass().getName() + ": identify a connection by ids, e.g. user.getId()");
	}

	/**
	 * Write a number in one form whatever its Java type and however a JSON reader gives
	 * it back ({@code 1.50}, {@code 1.5d} and a re-read {@code 1.5} are all {@code 1.5};
	 * {@code 100.0} is {@code 100}), so identifiers that are read and written again, by
	 * the application's {@code ObjectMapper} with any settings, stay byte-identical.
	 */
	private static String canonicalNumber(Number number) {
		if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
				|| number instanceof BigInteger || number instanceof AtomicInteger || number instanceof AtomicLong) {
			return number.toString();
		}
		BigDecimal decimal = ((number instanceof BigDecimal exact) ? exact : new BigDecimal(number.toString()))
			.stripTrailingZeros();
		// whole numbers as integers, as long as that stays short (a reader may give a
		// long integer back as a double)
		if (decimal.scale() <= 0 && decimal.precision() - decimal.scale() <= MAX_PLAIN_DIGITS) {
			return decimal.toBigInteger().toString();
		}
		return decimal.toString();
	}

	/**
	 * Return one identifier.
	 * @param name the identifier name
	 * @return the value (a {@link Map} or {@link List} for nested values), or empty when
	 * absent
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
	 * @return the identifiers by name, read-only
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
