package io.anycable.spring.channel.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.anycable.spring.channel.InvalidChannelDefinitionException;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.method.ChannelArgumentResolver;
import io.anycable.spring.support.CableJson;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.validation.Validator;

/**
 * Finds the {@link AnyCableChannel @AnyCableChannel} beans once every singleton exists
 * and keeps their {@linkplain ChannelDefinitionReader definitions} by channel name. A
 * wrong declaration fails startup with an {@link InvalidChannelDefinitionException} that
 * names the bean, the method and the parameter.
 *
 * @author AnyCable Spring Boot contributors
 */
public class ChannelRegistry implements SmartInitializingSingleton, ApplicationContextAware {

	private static final Log logger = LogFactory.getLog(ChannelRegistry.class);

	private final ChannelDefinitionReader reader;

	private @Nullable ApplicationContext context;

	private volatile Map<String, ChannelDefinition> channels = Map.of();

	/**
	 * Create a registry with the built-in argument resolvers only.
	 * @param json the JSON support that binds parameters and payloads
	 */
	public ChannelRegistry(CableJson json) {
		this(json, null, List.of());
	}

	/**
	 * Create a registry.
	 * @param json the JSON support that binds parameters and payloads
	 * @param validator validates payloads marked {@code @Valid}, {@code null} when the
	 * application has none
	 * @param resolvers the application's argument resolvers, in order
	 */
	public ChannelRegistry(CableJson json, @Nullable Validator validator, List<ChannelArgumentResolver> resolvers) {
		this.reader = new ChannelDefinitionReader(new ChannelArgumentResolvers(json, validator, resolvers));
	}

	@Override
	public void setApplicationContext(ApplicationContext context) throws BeansException {
		this.context = context;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ApplicationContext context = this.context;
		if (context == null) {
			throw new IllegalStateException("ChannelRegistry needs the ApplicationContext to find channels");
		}
		Map<String, ChannelDefinition> channels = new TreeMap<>();
		for (String beanName : context.getBeanNamesForAnnotation(AnyCableChannel.class)) {
			ChannelDefinition channel = this.reader.read(beanName, context.getBean(beanName));
			ChannelDefinition existing = channels.putIfAbsent(channel.name(), channel);
			if (existing != null) {
				throw new InvalidChannelDefinitionException(beanName,
						"Channel name '" + channel.name() + "' is used by both bean '" + existing.beanName()
								+ "' and bean '" + beanName + "'",
						"Give one of them another name with @AnyCableChannel(\"...\").");
			}
		}
		this.channels = Collections.unmodifiableMap(channels);
		if (logger.isDebugEnabled()) {
			channels.values()
				.forEach((channel) -> logger.debug("Channel " + channel + ", actions " + channel.actions().keySet()));
		}
	}

	/**
	 * Return the names of the registered channels.
	 * @return the channel names, sorted
	 */
	public Set<String> channelNames() {
		return this.channels.keySet();
	}

	@Nullable ChannelDefinition find(String name) {
		return this.channels.get(name);
	}

}
