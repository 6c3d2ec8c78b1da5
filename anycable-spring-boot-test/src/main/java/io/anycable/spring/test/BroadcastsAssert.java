package io.anycable.spring.test;

import java.util.List;

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
	 * Verify nothing was broadcast.
	 * @return this
	 */
	public BroadcastsAssert hasNoBroadcasts() {
		isNotNull();
		List<BroadcastRecord> broadcasts = this.actual.broadcasts();
		if (!broadcasts.isEmpty()) {
			failWithMessage("Expected no broadcasts but there were %s", broadcasts);
		}
		return this;
	}

	/**
	 * Verify a remote disconnect was requested for the identifiers.
	 * @param identifiersJson the identifiers JSON
	 * @return this
	 */
	public BroadcastsAssert hasDisconnected(String identifiersJson) {
		isNotNull();
		if (!this.actual.disconnects().contains(identifiersJson)) {
			failWithMessage("Expected a remote disconnect of %s but the disconnects were %s", identifiersJson,
					this.actual.disconnects());
		}
		return this;
	}

}
