package io.anycable.spring.channel.internal;

import java.util.ArrayList;
import java.util.List;

import io.anycable.spring.channel.method.ChannelArgumentResolver;
import io.anycable.spring.channel.method.ChannelArgumentSource;
import io.anycable.spring.channel.method.ChannelMethodParameter;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

import org.springframework.validation.Validator;

/**
 * Every resolver in the order they are consulted: the call's own values, annotated
 * values, exception parameters and {@code @Payload}, then the application's resolvers,
 * then an action's unannotated payload. Binds each parameter of a method to the first
 * resolver that supports it, once at startup.
 */
final class ChannelArgumentResolvers {

	private static final String SUPPORTED = "Channel methods take ChannelHandle, CableRequest, CableIdentifiers, "
			+ "ChannelParams, @ChannelParam, @ConnectionIdentifier, (actions only) one @Payload parameter, "
			+ "and the types of the application's ChannelArgumentResolver beans.";

	private final List<ChannelArgumentResolver> resolvers;

	ChannelArgumentResolvers(CableJson json, @Nullable Validator validator, List<ChannelArgumentResolver> custom) {
		List<ChannelArgumentResolver> resolvers = new ArrayList<>(CallValueArgumentResolver.all());
		resolvers.add(new ChannelParamArgumentResolver(json));
		resolvers.add(new ConnectionIdentifierArgumentResolver(json));
		resolvers.add(new ExceptionArgumentResolver());
		resolvers.add(new PayloadArgumentResolver(json, validator, true));
		resolvers.addAll(custom);
		resolvers.add(new PayloadArgumentResolver(json, validator, false));
		this.resolvers = List.copyOf(resolvers);
	}

	/**
	 * Bind every parameter of a method.
	 * @param parameters the parameters
	 * @return the source of each argument, in order
	 * @throws io.anycable.spring.channel.InvalidChannelDefinitionException for a
	 * parameter no resolver takes, or that its resolver refuses, or a second payload
	 */
	ChannelArgumentSource[] bind(List<ChannelMethodParameter> parameters) {
		ChannelArgumentSource[] sources = new ChannelArgumentSource[parameters.size()];
		boolean payloadSeen = false;
		for (int i = 0; i < sources.length; i++) {
			ChannelMethodParameter parameter = parameters.get(i);
			ChannelArgumentResolver resolver = find(parameter);
			if (resolver instanceof PayloadArgumentResolver) {
				if (payloadSeen) {
					throw parameter.invalid("is a second payload parameter",
							"An action has a single payload: bind the whole data to one type (a record, Map or JsonNode).");
				}
				payloadSeen = true;
			}
			sources[i] = resolver.prepare(parameter);
		}
		return sources;
	}

	private ChannelArgumentResolver find(ChannelMethodParameter parameter) {
		for (ChannelArgumentResolver resolver : this.resolvers) {
			if (resolver.supportsParameter(parameter)) {
				return resolver;
			}
		}
		throw parameter.invalid("has an unsupported type " + parameter.getParameterType().getName(), SUPPORTED);
	}

}
