package io.anycable.spring.channel.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.channel.InvalidChannelRequestException;
import io.anycable.spring.support.CableJson;

/**
 * Binds what a client sent (a payload, a subscription parameter) to a method parameter; a
 * value that does not bind is the client's mistake, not the application's.
 */
final class ClientValues {

	private ClientValues() {
	}

	static Object bind(CableJson json, JsonNode node, JavaType type, String what) {
		try {
			return json.convert(node, type, what);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidChannelRequestException(ex.getMessage(), ex);
		}
	}

}
