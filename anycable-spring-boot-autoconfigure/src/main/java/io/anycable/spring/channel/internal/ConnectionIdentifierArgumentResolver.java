package io.anycable.spring.channel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.channel.ChannelInvocationException;
import io.anycable.spring.channel.annotation.ConnectionIdentifier;
import io.anycable.spring.channel.method.ChannelInvocation;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@link ConnectionIdentifier @ConnectionIdentifier} parameters from the
 * identifiers the connection was accepted with.
 */
final class ConnectionIdentifierArgumentResolver extends NamedValueArgumentResolver<ConnectionIdentifier> {

	ConnectionIdentifierArgumentResolver(CableJson json) {
		super(ConnectionIdentifier.class, json);
	}

	@Override
	String declaredName(ConnectionIdentifier annotation) {
		return annotation.value();
	}

	@Override
	boolean isRequired(ConnectionIdentifier annotation) {
		return annotation.required();
	}

	@Override
	String describe(String name) {
		return "connection identifier '" + name + "'";
	}

	@Override
	ChannelInvocationException failure(String message, @Nullable Throwable cause) {
		// the connection factory chose the identifiers: the application's mistake
		return new ChannelInvocationException(message, cause);
	}

	@Override
	@Nullable JsonNode value(ChannelInvocation invocation, String name) {
		return invocation.handle()
			.identifiers()
			.get(name)
			.map((value) -> (JsonNode) json().mapper().valueToTree(value))
			.orElse(null);
	}

}
