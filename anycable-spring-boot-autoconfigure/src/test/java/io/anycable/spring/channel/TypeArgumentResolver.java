package io.anycable.spring.channel;

import java.util.function.Function;

import io.anycable.spring.channel.method.ChannelArgumentResolver;
import io.anycable.spring.channel.method.ChannelArgumentSource;
import io.anycable.spring.channel.method.ChannelMethodParameter;

/**
 * An application resolver as tests declare them: it takes the parameters of one type and
 * prepares each with the given function.
 */
final class TypeArgumentResolver implements ChannelArgumentResolver {

	private final Class<?> type;

	private final Function<ChannelMethodParameter, ChannelArgumentSource> preparation;

	TypeArgumentResolver(Class<?> type, Function<ChannelMethodParameter, ChannelArgumentSource> preparation) {
		this.type = type;
		this.preparation = preparation;
	}

	@Override
	public boolean supportsParameter(ChannelMethodParameter parameter) {
		return parameter.getParameterType() == this.type;
	}

	@Override
	public ChannelArgumentSource prepare(ChannelMethodParameter parameter) {
		return this.preparation.apply(parameter);
	}

}
