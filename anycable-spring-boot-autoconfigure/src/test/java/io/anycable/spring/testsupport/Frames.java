package io.anycable.spring.testsupport;

import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Named frame predicates (their names show up in failure messages).
 */
public final class Frames {

	private Frames() {
	}

	/**
	 * A predicate with a readable name.
	 * @param description the name
	 * @param predicate the test
	 * @return the predicate
	 */
	public static Predicate<JsonNode> named(String description, Predicate<JsonNode> predicate) {
		return new Predicate<>() {

			@Override
			public boolean test(JsonNode frame) {
				return predicate.test(frame);
			}

			@Override
			public String toString() {
				return description;
			}

		};
	}

	/**
	 * Frames of a given {@code type}.
	 * @param type the type
	 * @return the predicate
	 */
	public static Predicate<JsonNode> type(String type) {
		return named("{type:" + type + "}", (frame) -> type.equals(frame.path("type").asText(null)));
	}

	/**
	 * The welcome frame.
	 * @return the predicate
	 */
	public static Predicate<JsonNode> welcome() {
		return type("welcome");
	}

	/**
	 * A subscription confirmation.
	 * @param identifier the identifier
	 * @return the predicate
	 */
	public static Predicate<JsonNode> confirm(String identifier) {
		return typed("confirm_subscription", identifier);
	}

	/**
	 * A subscription rejection.
	 * @param identifier the identifier
	 * @return the predicate
	 */
	public static Predicate<JsonNode> reject(String identifier) {
		return typed("reject_subscription", identifier);
	}

	/**
	 * A data frame ({@code identifier} + {@code message}, no {@code type}) for an
	 * identifier.
	 * @param identifier the identifier
	 * @return the predicate
	 */
	public static Predicate<JsonNode> message(String identifier) {
		return named("{identifier:" + identifier + ", message:*}", (frame) -> !frame.has("type") && frame.has("message")
				&& identifier.equals(frame.path("identifier").asText(null)));
	}

	private static Predicate<JsonNode> typed(String type, String identifier) {
		return named("{type:" + type + ", identifier:" + identifier + "}",
				(frame) -> type.equals(frame.path("type").asText(null))
						&& identifier.equals(frame.path("identifier").asText(null)));
	}

}
