package io.anycable.spring.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON helpers for assertions: frames are compared as parsed trees, never as strings.
 */
public final class Json {

	/** The mapper used for frames and payloads. */
	public static final ObjectMapper MAPPER = new ObjectMapper();

	private Json() {
	}

	/**
	 * Parse JSON text.
	 * @param json the text
	 * @return the tree
	 */
	public static JsonNode parse(String json) {
		try {
			return MAPPER.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Not JSON: " + json, ex);
		}
	}

	/**
	 * Write a value as JSON text.
	 * @param value the value
	 * @return the text
	 */
	public static String write(Object value) {
		try {
			return MAPPER.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	/**
	 * Build a JSON object tree from alternating keys and values.
	 * @param keysAndValues key, value, key, value...
	 * @return the tree
	 */
	public static JsonNode obj(Object... keysAndValues) {
		return MAPPER.valueToTree(map(keysAndValues));
	}

	/**
	 * Build an ordered map from alternating keys and values.
	 * @param keysAndValues key, value, key, value...
	 * @return the map
	 */
	public static Map<String, Object> map(Object... keysAndValues) {
		if (keysAndValues.length % 2 != 0) {
			throw new IllegalArgumentException("Odd number of keys and values");
		}
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	/**
	 * Build a channel identifier the way Action Cable clients do: a JSON object string
	 * with {@code channel} first.
	 * @param channel the channel name
	 * @param params extra params as key, value pairs
	 * @return the identifier string
	 */
	public static String identifier(String channel, Object... params) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("channel", channel);
		map.putAll(map(params));
		return write(map);
	}

	/**
	 * Build the frame a subscription receives for a broadcast or a transmission:
	 * {@code {"identifier": identifier, "message": message}}.
	 * @param identifier the identifier string
	 * @param message the message (any Jackson-serializable value)
	 * @return the tree
	 */
	public static JsonNode message(String identifier, Object message) {
		return obj("identifier", identifier, "message", message);
	}

	/**
	 * Assert two JSON values are equal (objects compare regardless of key order).
	 * @param what what is compared, for the message
	 * @param actual the actual value
	 * @param expected the expected value
	 */
	public static void assertJson(String what, JsonNode actual, JsonNode expected) {
		if (!expected.equals(actual)) {
			throw new AssertionError(what + ": expected " + expected + "\n but was " + actual);
		}
	}

}
