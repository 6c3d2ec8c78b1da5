package io.anycable.spring.test;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a {@link TestSubscription}.
 *
 * @author AnyCable Spring Boot contributors
 */
public class TestSubscriptionAssert extends AbstractAssert<TestSubscriptionAssert, TestSubscription> {

	TestSubscriptionAssert(@Nullable TestSubscription actual) {
		super(actual, TestSubscriptionAssert.class);
	}

	/**
	 * Verify the subscription was confirmed.
	 * @return this
	 */
	public TestSubscriptionAssert isConfirmed() {
		isNotNull();
		if (!this.actual.isConfirmed()) {
			failWithMessage("Expected %s to be confirmed, but subscribe answered %s", this.actual.identifier(),
					describe(this.actual.subscribeOutcome()));
		}
		return this;
	}

	/**
	 * Verify the subscription was rejected.
	 * @return this
	 */
	public TestSubscriptionAssert isRejected() {
		isNotNull();
		if (!this.actual.isRejected()) {
			failWithMessage("Expected %s to be rejected, but subscribe answered %s", this.actual.identifier(),
					describe(this.actual.subscribeOutcome()));
		}
		return this;
	}

	/**
	 * Verify the subscription was rejected because subscribing failed (an exception of
	 * {@code @OnSubscribe} that no handler took, an unknown channel, a parameter that
	 * does not bind): the client got {@code reject_subscription} and the error message
	 * contains the text ({@code anycable.reject-failed-subscriptions}).
	 * @param text part of the expected error message
	 * @return this
	 */
	public TestSubscriptionAssert isRejectedWith(String text) {
		isNotNull();
		CommandOutcome outcome = this.actual.subscribeOutcome();
		if (!this.actual.isRejected() || !outcome.errorMessage().contains(text)) {
			failWithMessage("Expected %s to be rejected with an error containing \"%s\", but subscribe answered %s",
					this.actual.identifier(), text, describe(outcome));
		}
		return this;
	}

	/**
	 * Verify the exact set of streams.
	 * @param streams the expected streams
	 * @return this
	 */
	public TestSubscriptionAssert hasStreams(String... streams) {
		isNotNull();
		if (!this.actual.streams().equals(Set.of(streams))) {
			failWithMessage("Expected %s to stream from %s but it streams from %s", this.actual.identifier(),
					List.of(streams), this.actual.streams());
		}
		return this;
	}

	/**
	 * Verify a state value, compared as JSON.
	 * @param key the key
	 * @param expected the expected value
	 * @return this
	 */
	public TestSubscriptionAssert hasState(String key, Object expected) {
		isNotNull();
		String raw = this.actual.state().get(key);
		JsonNode expectedTree = JsonValues.tree(mapper(), expected);
		if (raw == null) {
			failWithMessage("Expected state '%s' = %s but there is no such key; state: %s", key, expectedTree,
					this.actual.state());
		}
		JsonNode actualTree = read(raw);
		if (!JsonValues.matches(expectedTree, actualTree)) {
			failWithMessage("Expected state '%s' = %s but was %s", key, expectedTree, actualTree);
		}
		return this;
	}

	/**
	 * Verify the subscription has no such state key.
	 * @param key the key
	 * @return this
	 */
	public TestSubscriptionAssert hasNoState(String key) {
		isNotNull();
		if (this.actual.state().containsKey(key)) {
			failWithMessage("Expected no state '%s' but it is %s", key, this.actual.state().get(key));
		}
		return this;
	}

	/**
	 * Verify some message sent to the subscription equals the expected value as JSON.
	 * @param expected the expected message (a String, Map, record, JsonNode...)
	 * @return this
	 */
	public TestSubscriptionAssert hasMessage(Object expected) {
		isNotNull();
		JsonNode expectedTree = JsonValues.tree(mapper(), expected);
		List<JsonNode> messages = this.actual.messages();
		if (messages.stream().noneMatch((message) -> JsonValues.matches(expectedTree, message))) {
			failWithMessage("Expected %s to receive the message %s but it received %s", this.actual.identifier(),
					expectedTree, messages);
		}
		return this;
	}

	/**
	 * Verify the last message sent to the subscription equals the expected value as JSON.
	 * @param expected the expected message
	 * @return this
	 */
	public TestSubscriptionAssert hasLastMessage(Object expected) {
		isNotNull();
		JsonNode expectedTree = JsonValues.tree(mapper(), expected);
		List<JsonNode> messages = this.actual.messages();
		if (messages.isEmpty() || !JsonValues.matches(expectedTree, messages.get(messages.size() - 1))) {
			failWithMessage("Expected the last message of %s to be %s but the messages were %s",
					this.actual.identifier(), expectedTree, messages);
		}
		return this;
	}

	/**
	 * Verify the last command answered {@code ERROR} with a message containing the text.
	 * @param text a part of the expected {@code error_msg}
	 * @return this
	 */
	public TestSubscriptionAssert failedWith(String text) {
		isNotNull();
		CommandOutcome outcome = this.actual.lastOutcome();
		if (!outcome.isError() || !outcome.errorMessage().contains(text)) {
			failWithMessage("Expected the last command to fail with an error containing \"%s\" but it answered %s",
					text, describe(outcome));
		}
		return this;
	}

	/**
	 * Verify the last command succeeded.
	 * @return this
	 */
	public TestSubscriptionAssert succeeded() {
		isNotNull();
		if (!"SUCCESS".equals(this.actual.lastOutcome().status())) {
			failWithMessage("Expected the last command to succeed but it answered %s",
					describe(this.actual.lastOutcome()));
		}
		return this;
	}

	private ObjectMapper mapper() {
		return this.actual.json().mapper();
	}

	private JsonNode read(String raw) {
		return this.actual.json().read(raw, mapper().constructType(JsonNode.class), "state");
	}

	private static String describe(CommandOutcome outcome) {
		return outcome.status() + (outcome.errorMessage().isEmpty() ? "" : " (" + outcome.errorMessage() + ")");
	}

}
