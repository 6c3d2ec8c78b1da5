package io.anycable.spring.test;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;

/**
 * Assertions on the broadcasts to one stream.
 *
 * @author AnyCable Spring Boot contributors
 */
public class StreamBroadcastsAssert extends AbstractAssert<StreamBroadcastsAssert, List<BroadcastRecord>> {

	private final String stream;

	private final List<BroadcastRecord> all;

	StreamBroadcastsAssert(String stream, List<BroadcastRecord> actual, List<BroadcastRecord> all) {
		super(actual, StreamBroadcastsAssert.class);
		this.stream = stream;
		this.all = all;
	}

	/**
	 * Verify exactly one broadcast went to the stream.
	 * @return this
	 */
	public StreamBroadcastsAssert exactlyOnce() {
		return hasCount(1);
	}

	/**
	 * Verify how many broadcasts went to the stream.
	 * @param count the expected number
	 * @return this
	 */
	public StreamBroadcastsAssert hasCount(int count) {
		if (this.actual.size() != count) {
			failWithMessage("Expected %d broadcast(s) to '%s' but there were %d; all broadcasts: %s", count,
					this.stream, this.actual.size(), this.all);
		}
		return this;
	}

	/**
	 * Verify nothing went to the stream.
	 * @return this
	 */
	public StreamBroadcastsAssert isEmpty() {
		return hasCount(0);
	}

	/**
	 * Verify some broadcast to the stream carries exactly the payload, compared as JSON.
	 * @param expected the expected payload (Map, record, String, JsonNode...)
	 * @return this
	 */
	public StreamBroadcastsAssert withPayload(Object expected) {
		return withPayload(expected, false);
	}

	/**
	 * Verify some broadcast to the stream carries a payload with at least the given
	 * fields (nested objects compared the same way), e.g. to leave out a timestamp.
	 * @param expected the expected fields (Map, record, JsonNode...)
	 * @return this
	 */
	public StreamBroadcastsAssert withPayloadContaining(Object expected) {
		return withPayload(expected, true);
	}

	private StreamBroadcastsAssert withPayload(Object expected, boolean partial) {
		if (this.actual.isEmpty()) {
			failWithMessage("Expected a broadcast to '%s' but there was none; all broadcasts: %s", this.stream,
					this.all);
		}
		JsonNode expectedTree = JsonValues.tree(this.actual.get(0).json().mapper(), expected);
		if (this.actual.stream()
			.noneMatch((broadcast) -> partial ? JsonValues.contains(expectedTree, broadcast.payload())
					: JsonValues.matches(expectedTree, broadcast.payload()))) {
			failWithMessage("Expected a broadcast to '%s' with payload %s%s but the payloads were %s", this.stream,
					partial ? "containing " : "", expectedTree,
					this.actual.stream().map(BroadcastRecord::data).toList());
		}
		return this;
	}

	/**
	 * Continue with the payload of the single broadcast to the stream, read as a type.
	 * @param <T> the type
	 * @param type the type
	 * @return assertions on the payload
	 */
	public <T> ObjectAssert<T> singlePayload(Class<T> type) {
		exactlyOnce();
		return Assertions.assertThat(this.actual.get(0).payload(type));
	}

}
