package io.anycable.spring.test;

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
	 * Verify the identifiers, byte for byte.
	 * @param identifiersJson the expected identifiers JSON
	 * @return this
	 */
	public TestConnectionAssert hasIdentifiers(String identifiersJson) {
		isAccepted();
		if (!this.actual.identifiers().equals(identifiersJson)) {
			failWithMessage("Expected identifiers %s but were %s", identifiersJson, this.actual.identifiers());
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
