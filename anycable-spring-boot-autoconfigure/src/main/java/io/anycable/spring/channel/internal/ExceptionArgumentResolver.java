package io.anycable.spring.channel.internal;

import io.anycable.spring.channel.method.ChannelArgumentResolver;
import io.anycable.spring.channel.method.ChannelArgumentSource;
import io.anycable.spring.channel.method.ChannelInvocation;
import io.anycable.spring.channel.method.ChannelMethodKind;
import io.anycable.spring.channel.method.ChannelMethodParameter;

/**
 * Resolves the exception parameter of a {@code @ChannelExceptionHandler} method.
 */
final class ExceptionArgumentResolver implements ChannelArgumentResolver {

	@Override
	public boolean supportsParameter(ChannelMethodParameter parameter) {
		return parameter.getKind() == ChannelMethodKind.EXCEPTION_HANDLER
				&& Throwable.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public ChannelArgumentSource prepare(ChannelMethodParameter parameter) {
		return ChannelInvocation::exception;
	}

}
