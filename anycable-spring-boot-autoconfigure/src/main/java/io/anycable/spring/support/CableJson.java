package io.anycable.spring.support;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anycable.spring.protocol.JsonStrings;

import org.springframework.util.Assert;

/**
 * The one place JSON is read and written, around the application's {@link ObjectMapper}
 * (so a move to Jackson 3 stays local). Failures surface as
 * {@link IllegalArgumentException} with a message that says what was being read and why
 * it failed, ready to be returned to anycable-go as an {@code error_msg}.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableJson {

	private static final int EXCERPT_LENGTH = 80;

	/**
	 * How many recurring objects {@link #readSharedObject} keeps; the cache starts over
	 * when it is full.
	 */
	static final int SHARED_OBJECTS_LIMIT = 1024;

	/** Longer texts are parsed every time rather than kept. */
	static final int SHARED_OBJECT_MAX_LENGTH = 1024;

	private final ObjectMapper mapper;

	private final Map<String, ObjectNode> sharedObjects = new ConcurrentHashMap<>();

	/**
	 * Create an instance around the given mapper.
	 * @param mapper the object mapper, usually Boot's
	 */
	public CableJson(ObjectMapper mapper) {
		Assert.notNull(mapper, "ObjectMapper must not be null");
		this.mapper = mapper;
	}

	/**
	 * Return the underlying mapper.
	 * @return the mapper
	 */
	public ObjectMapper mapper() {
		return this.mapper;
	}

	/**
	 * Write a value as JSON.
	 * @param value the value
	 * @return the JSON text
	 * @throws IllegalArgumentException if the value cannot be serialized
	 */
	public String write(Object value) {
		try {
			return this.mapper.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(
					"Cannot write " + value.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Read a JSON object.
	 * @param json the text
	 * @param what what the text is, for the error message (e.g. "channel identifier")
	 * @return the object
	 * @throws IllegalArgumentException if the text is not a JSON object
	 */
	public ObjectNode readObject(String json, String what) {
		if (json == null || json.isEmpty()) {
			throw new IllegalArgumentException("Invalid " + what + ": empty, expected a JSON object");
		}
		JsonNode node;
		try {
			node = this.mapper.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(
					"Invalid " + what + " " + excerpt(json) + ": malformed JSON (" + ex.getOriginalMessage() + ")", ex);
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException(
					"Invalid " + what + " " + excerpt(json) + ": expected a JSON object, got "
							+ ((node != null) ? node.getNodeType().toString().toLowerCase() : "nothing"));
		}
		return (ObjectNode) node;
	}

	/**
	 * Read a JSON object that recurs from call to call, such as a channel identifier
	 * (every command of a subscription carries the same one): it is parsed once and then
	 * served from a small bounded cache. The returned object is therefore shared between
	 * calls and threads and must not be modified.
	 * @param json the text
	 * @param what what the text is, for the error message (e.g. "channel identifier")
	 * @return the object, read-only
	 * @throws IllegalArgumentException if the text is not a JSON object (failures are
	 * never cached)
	 */
	public ObjectNode readSharedObject(String json, String what) {
		ObjectNode cached = (json != null) ? this.sharedObjects.get(json) : null;
		if (cached != null) {
			return cached;
		}
		ObjectNode parsed = readObject(json, what);
		if (json.length() <= SHARED_OBJECT_MAX_LENGTH) {
			if (this.sharedObjects.size() >= SHARED_OBJECTS_LIMIT) {
				// bounded without bookkeeping: a flood of distinct texts costs a
				// re-parse, never memory
				this.sharedObjects.clear();
			}
			this.sharedObjects.put(json, parsed);
		}
		return parsed;
	}

	/**
	 * Read a JSON object whose values are strings (how anycable-go encodes a state map).
	 * @param json the text
	 * @param what what the text is, for the error message
	 * @return the map, in document order
	 * @throws IllegalArgumentException if the text is not a JSON object
	 */
	public Map<String, String> readStringMap(String json, String what) {
		ObjectNode object = readObject(json, what);
		Map<String, String> result = new LinkedHashMap<>(object.size());
		for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> field = it.next();
			JsonNode value = field.getValue();
			result.put(field.getKey(), value.isTextual() ? value.textValue() : value.toString());
		}
		return result;
	}

	/**
	 * Read JSON text into a value of the given type.
	 * @param <T> the target type
	 * @param json the JSON text
	 * @param type the target type
	 * @param what what the text is, for the error message
	 * @return the value
	 * @throws IllegalArgumentException if the text does not bind
	 */
	public <T> T read(String json, JavaType type, String what) {
		try {
			return this.mapper.readValue(json, type);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Cannot read " + what + " " + excerpt(json) + " as " + type.toCanonical()
					+ ": " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Convert a JSON tree into a value of the given type.
	 * @param <T> the target type
	 * @param node the tree
	 * @param type the target type
	 * @param what what the tree is, for the error message
	 * @return the value
	 * @throws IllegalArgumentException if the tree does not bind
	 */
	public <T> T convert(JsonNode node, JavaType type, String what) {
		try {
			return this.mapper.treeToValue(node, type);
		}
		catch (JsonProcessingException | IllegalArgumentException ex) {
			String reason = (ex instanceof JsonProcessingException jpe) ? jpe.getOriginalMessage() : ex.getMessage();
			throw new IllegalArgumentException("Cannot read " + what + " as " + type.toCanonical() + ": " + reason, ex);
		}
	}

	private static String excerpt(String json) {
		return JsonStrings.quote(JsonStrings.abbreviate(json, EXCERPT_LENGTH));
	}

}
