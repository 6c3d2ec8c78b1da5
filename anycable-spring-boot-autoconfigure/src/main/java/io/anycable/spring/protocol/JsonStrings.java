package io.anycable.spring.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * JSON string literals, as every frame and publication embeds identifiers, stream names
 * and data.
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

}
