package io.anycable.spring.test;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.protocol.CableFrames;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on a {@link TestConnection}.
 *
 * @author AnyCable Spring Boot contributors
 */
public class TestConnectionAssert extends AbstractAssert<TestConnectionAssert, TestConnection> {

	TestConnectionAssert(@Nullable TestConnection actual) {
		super(actual, TestConnectionAssert.class);
	}

	/**
	 * Verify the connection was accepted.
	 * @return this
	 */
	public TestConnectionAssert isAccepted() {
		isNotNull();
		if (!this.actual.isAccepted()) {
			failWithMessage("Expected the connection to be accepted, but Connect answered %s%s",
					this.actual.connectOutcome().status(), errorSuffix());
		}
		return this;
	}

	/**
	 * Verify the connection was rejected.
	 * @return this
	 */
	public TestConnectionAssert isRejected() {
		isNotNull();
		if (!this.actual.isRejected()) {
			failWithMessage("Expected the connection to be rejected, but Connect answered %s%s (identifiers %s)",
					this.actual.connectOutcome().status(), errorSuffix(), this.actual.identifiers());
		}
		return this;
	}

	/**
	 * Verify the connection was rejected with a reason: the last frame the client got is
	 * {@code {"type":"disconnect","reason":<reason>,"reconnect":false}}.
	 * @param reason the expected reason, e.g. {@code token_expired}
	 * @return this
	 */
	public TestConnectionAssert isRejectedWithReason(String reason) {
		isRejected();
		List<String> frames = this.actual.transmissions();
		String expected = CableFrames.disconnect(reason, false);
		if (frames.isEmpty() || !frames.get(frames.size() - 1).equals(expected)) {
			failWithMessage("Expected the connection to be rejected with %s, but the client got %s", expected, frames);
		}
		return this;
	}

	/**
	 * Verify the identifiers the connection was accepted with, compared as JSON values
	 * (spacing, key order and number formatting do not matter).
	 * @param identifiersJson the expected identifiers as JSON, e.g.
	 * {@code {"user":"jane"}}
	 * @return this
	 */
	public TestConnectionAssert hasIdentifiers(String identifiersJson) {
		isAccepted();
		return hasIdentifiers(readExpected(identifiersJson));
	}

	/**
	 * Verify the identifiers the connection was accepted with, compared as JSON values.
	 * @param identifiers the expected identifiers, e.g. {@code Map.of("user", "jane")}
	 * @return this
	 */
	public TestConnectionAssert hasIdentifiers(Map<String, ?> identifiers) {
		isAccepted();
		return hasIdentifiers(JsonValues.tree(this.actual.json().mapper(), identifiers));
	}

	/**
	 * Verify the identifiers the connection was accepted with, compared as JSON values.
	 * @param identifiers the expected identifiers
	 * @return this
	 */
	public TestConnectionAssert hasIdentifiers(CableIdentifiers identifiers) {
		return hasIdentifiers(identifiers.json());
	}

	private TestConnectionAssert hasIdentifiers(JsonNode expected) {
		JsonNode actual = this.actual.json().readObject(this.actual.identifiers(), "connection identifiers");
		if (!JsonValues.matches(expected, actual)) {
			String differences = JsonValues.differences(expected, actual);
			failWithMessage("Expected identifiers %s but were %s%s", expected, this.actual.identifiers(),
					differences.isEmpty() ? "" : ": " + differences);
		}
		return this;
	}

	private JsonNode readExpected(String identifiersJson) {
		try {
			return this.actual.json().mapper().readTree(identifiersJson);
		}
		catch (JsonProcessingException ex) {
			failWithMessage("Expected identifiers %s are not JSON: %s", identifiersJson, ex.getOriginalMessage());
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Verify Connect answered {@code ERROR} (not a rejection: the connection factory
	 * threw, or returned identifiers anycable-go cannot store) with an {@code error_msg}
	 * containing the text. anycable-go closes such a socket without a message to the
	 * client and logs the error.
	 * @param messagePart a part of the expected {@code error_msg}
	 * @return this
	 */
	public TestConnectionAssert failedWith(String messagePart) {
		isNotNull();
		CommandOutcome outcome = this.actual.connectOutcome();
		if (!outcome.isError() || !outcome.errorMessage().contains(messagePart)) {
			failWithMessage("Expected Connect to fail with an error containing \"%s\" but it answered %s%s",
					messagePart, outcome.status(), errorSuffix());
		}
		return this;
	}

	/**
	 * Verify the server closed the connection.
	 * @return this
	 */
	public TestConnectionAssert isClosed() {
		isNotNull();
		if (!this.actual.isClosed()) {
			failWithMessage("Expected the connection to be closed by the server, but it is open");
		}
		return this;
	}

	private String errorSuffix() {
		String error = this.actual.connectOutcome().errorMessage();
		return error.isEmpty() ? "" : " (" + error + ")";
	}

}
