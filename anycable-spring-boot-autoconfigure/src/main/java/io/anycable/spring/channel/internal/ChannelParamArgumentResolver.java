package io.anycable.spring.channel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.channel.ChannelInvocationException;
import io.anycable.spring.channel.InvalidChannelRequestException;
import io.anycable.spring.channel.annotation.ChannelParam;
import io.anycable.spring.channel.method.ChannelInvocation;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@link ChannelParam @ChannelParam} parameters from the subscription
 * identifier.
 */
final class ChannelParamArgumentResolver extends NamedValueArgumentResolver<ChannelParam> {

	ChannelParamArgumentResolver(CableJson json) {
		super(ChannelParam.class, json);
	}

	@Override
	String declaredName(ChannelParam annotation) {
		return annotation.value();
	}

	@Override
	boolean isRequired(ChannelParam annotation) {
		return annotation.required();
	}

	@Override
	String describe(String name) {
		return "channel parameter '" + name + "'";
	}

	@Override
	ChannelInvocationException failure(String message, @Nullable Throwable cause) {
		// the client wrote the identifier
		return new InvalidChannelRequestException(message, cause);
	}

	@Override
	@Nullable JsonNode value(ChannelInvocation invocation, String name) {
		return invocation.handle().params().node(name);
	}

}
