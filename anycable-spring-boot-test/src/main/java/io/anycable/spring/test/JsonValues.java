package io.anycable.spring.test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.protocol.JsonStrings;

/**
 * Compares expected values with JSON the server produced, by JSON value (key order and
 * number formatting do not matter).
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

	// what tells two objects apart, field by field ("id" is 7, expected 8), so that a
	// failure message does not
	// only show two texts that look alike; empty unless both are objects
	static String differences(JsonNode expected, JsonNode actual) {
		List<String> differences = new ArrayList<>();
		collectDifferences("", expected, actual, differences);
		return String.join("; ", differences);
	}

	private static void collectDifferences(String path, JsonNode expected, JsonNode actual, List<String> differences) {
		if (!expected.isObject() || !actual.isObject()) {
			if (!path.isEmpty() && !matches(expected, actual)) {
				differences.add(JsonStrings.quote(path) + " is " + actual + ", expected " + expected);
			}
			return;
		}
		expected.fieldNames().forEachRemaining((name) -> {
			String field = path.isEmpty() ? name : path + "." + name;
			JsonNode value = actual.get(name);
			if (value == null) {
				differences.add(JsonStrings.quote(field) + " is missing, expected " + expected.get(name));
			}
			else {
				collectDifferences(field, expected.get(name), value, differences);
			}
		});
		actual.fieldNames().forEachRemaining((name) -> {
			if (!expected.has(name)) {
				String field = path.isEmpty() ? name : path + "." + name;
				differences.add(JsonStrings.quote(field) + " is not expected (" + actual.get(name) + ")");
			}
		});
	}

	// every field the expected object names is there with a matching value; other fields
	// may exist
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
