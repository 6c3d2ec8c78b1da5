package io.anycable.spring.test;

import java.util.Comparator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Compares expected values with JSON the server produced, by JSON value (key order and number formatting
 * do not matter).
 */
final class JsonValues {

	private JsonValues() {
	}

	static JsonNode tree(ObjectMapper mapper, Object expected) {
		if (expected instanceof JsonNode node) {
			return node;
		}
		return mapper.valueToTree(expected);
	}

	// 1 and 1.0 are the same JSON number for a client
	private static final Comparator<JsonNode> VALUES = (a, b) -> (a.isNumber() && b.isNumber())
			? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);

	static boolean matches(JsonNode expected, JsonNode actual) {
		return expected.equals(VALUES, actual);
	}

	// every field the expected object names is there with a matching value; other fields may exist
	static boolean contains(JsonNode expected, JsonNode actual) {
		if (expected.isObject() && actual.isObject()) {
			for (var fields = expected.fields(); fields.hasNext();) {
				var field = fields.next();
				JsonNode value = actual.get(field.getKey());
				if (value == null || !contains(field.getValue(), value)) {
					return false;
				}
			}
			return true;
		}
		return matches(expected, actual);
	}

}
