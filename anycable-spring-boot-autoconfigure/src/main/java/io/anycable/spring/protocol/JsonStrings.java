package io.anycable.spring.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * JSON string literals, as every frame and publication embeds identifiers, stream names
 * and data, and bounded excerpts of such texts for messages.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class JsonStrings {

	private JsonStrings() {
	}

	/**
	 * Quote a string as a JSON string literal.
	 * @param value the string
	 * @return the literal, with quotes
	 */
	public static String quote(String value) {
		StringBuilder result = new StringBuilder(value.length() + 2);
		result.append('"');
		JsonStringEncoder.getInstance().quoteAsString(value, result);
		return result.append('"').toString();
	}

	/**
	 * Cut a text that goes into a message or a log line, which may come from a client, to
	 * a bounded length.
	 * @param text the text
	 * @param maxLength how many characters to keep
	 * @return the text, or its first {@code maxLength} characters followed by {@code ...}
	 */
	public static String abbreviate(String text, int maxLength) {
		return (text.length() > maxLength) ? text.substring(0, maxLength) + "..." : text;
	}

}
