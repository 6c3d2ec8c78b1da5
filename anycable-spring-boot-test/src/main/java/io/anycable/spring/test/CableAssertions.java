package io.anycable.spring.test;

import org.jspecify.annotations.Nullable;

/**
 * Entry point for AssertJ assertions on test connections, subscriptions and recorded
 * broadcasts.
 *
 * <pre class="code">
 * assertThat(subscription).isConfirmed().hasStreams("chat:lobby").hasMessage(Map.of("type", "welcome"));
 * assertThat(broadcaster).broadcastTo("chat:lobby").exactlyOnce().withPayload(Map.of("text", "hi"));
 * </pre>
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableAssertions {

	private CableAssertions() {
	}

	/**
	 * Assert on a connection.
	 * @param actual the connection
	 * @return the assertion
	 */
	public static TestConnectionAssert assertThat(@Nullable TestConnection actual) {
		return new TestConnectionAssert(actual);
	}

	/**
	 * Assert on a subscription.
	 * @param actual the subscription
	 * @return the assertion
	 */
	public static TestSubscriptionAssert assertThat(@Nullable TestSubscription actual) {
		return new TestSubscriptionAssert(actual);
	}

	/**
	 * Assert on recorded broadcasts.
	 * @param actual the recorder
	 * @return the assertion
	 */
	public static BroadcastsAssert assertThat(@Nullable BroadcastRecorder actual) {
		return new BroadcastsAssert(actual);
	}

}
