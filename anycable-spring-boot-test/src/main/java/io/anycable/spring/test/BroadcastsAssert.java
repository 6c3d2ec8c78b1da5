package io.anycable.spring.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.connection.CableIdentifiers;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on what a {@link BroadcastRecorder} recorded.
 *
 * @author AnyCable Spring Boot contributors
 */
public class BroadcastsAssert extends AbstractAssert<BroadcastsAssert, BroadcastRecorder> {

	BroadcastsAssert(@Nullable BroadcastRecorder actual) {
		super(actual, BroadcastsAssert.class);
	}

	/**
	 * Continue with the broadcasts to one stream.
	 * @param stream the stream
	 * @return assertions on those broadcasts
	 */
	public StreamBroadcastsAssert broadcastTo(String stream) {
		isNotNull();
		return new StreamBroadcastsAssert(stream, this.actual.broadcastsTo(stream), this.actual.broadcasts());
	}

	/**
	 * Verify nothing was published: no broadcast to any stream and no remote disconnect,
	 * which {@code CableBroadcaster.disconnect} sends through the same broadcast adapter.
	 * To allow disconnects, check {@link BroadcastRecorder#broadcasts()} or a stream with
	 * {@code broadcastTo(stream).isEmpty()} instead.
	 * @return this
	 */
	public BroadcastsAssert hasNoBroadcasts() {
		isNotNull();
		List<BroadcastRecord> broadcasts = this.actual.broadcasts();
		List<String> disconnects = this.actual.disconnects();
		if (!broadcasts.isEmpty() && !disconnects.isEmpty()) {
			failWithMessage("Expected no broadcasts but there were %s and remote disconnects of %s", broadcasts,
					disconnects);
		}
		if (!broadcasts.isEmpty()) {
			failWithMessage("Expected no broadcasts but there were %s", broadcasts);
		}
		if (!disconnects.isEmpty()) {
			failWithMessage("Expected no broadcasts but there were remote disconnects of %s", disconnects);
		}
		return this;
	}

	/**
	 * Verify a remote disconnect was requested for the identifiers, compared as JSON
	 * values (spacing, key order and number formatting of the expectation do not matter).
	 * anycable-go finds the sessions to disconnect by comparing the identifiers byte for
	 * byte with those Connect answered, which the starter writes in canonical form
	 * ({@link CableIdentifiers#json()}): a disconnect that matches as JSON but was sent
	 * in another form would disconnect nobody, and fails this assertion too.
	 * @param identifiersJson the expected identifiers as JSON, e.g.
	 * {@code {"user":"jane"}}
	 * @return this
	 */
	public BroadcastsAssert hasDisconnected(String identifiersJson) {
		isNotNull();
		JsonNode expected;
		try {
			expected = mapper().readTree(identifiersJson);
		}
		catch (JsonProcessingException ex) {
			failWithMessage("Expected identifiers %s are not JSON: %s", identifiersJson, ex.getOriginalMessage());
			throw new IllegalStateException(ex);
		}
		return hasDisconnected(expected);
	}

	/**
	 * Verify a remote disconnect was requested for the identifiers, compared as JSON
	 * values; see {@link #hasDisconnected(String)}.
	 * @param identifiers the expected identifiers, e.g. {@code Map.of("user", "jane")}
	 * @return this
	 */
	public BroadcastsAssert hasDisconnected(Map<String, ?> identifiers) {
		isNotNull();
		return hasDisconnected(JsonValues.tree(mapper(), identifiers));
	}

	/**
	 * Verify a remote disconnect was requested for the identifiers, compared as JSON
	 * values; see {@link #hasDisconnected(String)}.
	 * @param identifiers the expected identifiers
	 * @return this
	 */
	public BroadcastsAssert hasDisconnected(CableIdentifiers identifiers) {
		return hasDisconnected(identifiers.json());
	}

	private BroadcastsAssert hasDisconnected(JsonNode expected) {
		List<String> disconnects = this.actual.disconnects();
		for (String disconnect : disconnects) {
			JsonNode actual = read(disconnect);
			if (actual != null && JsonValues.matches(expected, actual)) {
				String canonical = canonical(actual);
				if (canonical != null && !canonical.equals(disconnect)) {
					failWithMessage("Expected a remote disconnect of %s and there was one, but written %s instead of "
							+ "%s: anycable-go compares identifiers byte for byte and would disconnect nobody "
							+ "(pass CableIdentifiers.json())", expected, disconnect, canonical);
				}
				return this;
			}
		}
		if (disconnects.isEmpty()) {
			failWithMessage("Expected a remote disconnect of %s but there was none", expected);
		}
		JsonNode only = (disconnects.size() == 1) ? read(disconnects.get(0)) : null;
		String differences = (only != null) ? JsonValues.differences(expected, only) : "";
		failWithMessage("Expected a remote disconnect of %s but the disconnects were %s%s", expected, disconnects,
				differences.isEmpty() ? "" : ": " + differences);
		return this;
	}

	private @Nullable JsonNode read(String json) {
		try {
			return mapper().readTree(json);
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

	// the form CableIdentifiers writes, or null for JSON it does not accept (nested
	// values)
	private static @Nullable String canonical(JsonNode identifiers) {
		if (!identifiers.isObject()) {
			return null;
		}
		Map<String, Object> values = new LinkedHashMap<>();
		for (var fields = identifiers.fields(); fields.hasNext();) {
			var field = fields.next();
			JsonNode value = field.getValue();
			if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
				return null;
			}
			values.put(field.getKey(), value.isTextual() ? value.textValue()
					: value.isNumber() ? value.numberValue() : value.booleanValue());
		}
		return CableIdentifiers.of(values).json();
	}

	private ObjectMapper mapper() {
		return this.actual.json().mapper();
	}

}
