package io.anycable.spring.channel.internal;

import java.util.List;
import java.util.function.Function;

import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.ChannelParams;
import io.anycable.spring.channel.method.ChannelArgumentResolver;
import io.anycable.spring.channel.method.ChannelArgumentSource;
import io.anycable.spring.channel.method.ChannelMethodParameter;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;

/**
 * Resolves a parameter of one exact type to a value of the call's handle:
 * {@link ChannelHandle} itself, {@link CableRequest}, {@link CableIdentifiers} and
 * {@link ChannelParams}.
 */
final class CallValueArgumentResolver implements ChannelArgumentResolver {

	private final Class<?> type;

	private final Function<ChannelHandle, Object> value;

	private CallValueArgumentResolver(Class<?> type, Function<ChannelHandle, Object> value) {
		this.type = type;
		this.value = value;
	}

	static List<ChannelArgumentResolver> all() {
		return List.of(new CallValueArgumentResolver(ChannelHandle.class, (handle) -> handle),
				new CallValueArgumentResolver(CableRequest.class, ChannelHandle::request),
				new CallValueArgumentResolver(CableIdentifiers.class, ChannelHandle::identifiers),
				new CallValueArgumentResolver(ChannelParams.class, ChannelHandle::params));
	}

	@Override
	public boolean supportsParameter(ChannelMethodParameter parameter) {
		return parameter.getParameterType() == this.type;
	}

	@Override
	public ChannelArgumentSource prepare(ChannelMethodParameter parameter) {
		return (invocation) -> this.value.apply(invocation.handle());
	}

}
