package io.anycable.spring.test;

import java.util.List;

/**
 * The answer to one RPC call made by a test client.
 *
 * @param status {@code SUCCESS}, {@code FAILURE} or {@code ERROR}
 * @param errorMessage the {@code error_msg} of an {@code ERROR}, empty otherwise
 * @param transmissions the raw frames the call sent to the client, in order
 * @author AnyCable Spring Boot contributors
 */
public record CommandOutcome(String status, String errorMessage, List<String> transmissions) {

	/**
	 * Return whether the call answered {@code ERROR}.
	 * @return {@code true} for an error
	 */
	public boolean isError() {
		return "ERROR".equals(this.status);
	}

}
