package io.anycable.spring.channel.support;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.ChannelParams;
import io.anycable.spring.channel.InvalidChannelDefinitionException;
import io.anycable.spring.channel.StreamNames;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.ChannelExceptionHandler;
import io.anycable.spring.channel.annotation.ChannelParam;
import io.anycable.spring.channel.annotation.ConnectionIdentifier;
import io.anycable.spring.channel.annotation.OnSubscribe;
import io.anycable.spring.channel.annotation.OnUnsubscribe;
import io.anycable.spring.channel.support.ChannelMethod.ArgumentResolver;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.support.CableJson;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Finds the {@link AnyCableChannel @AnyCableChannel} beans once every singleton exists, checks their
 * declarations and prepares their methods for calls. A wrong declaration fails startup with an
 * {@link InvalidChannelDefinitionException} that names the bean, the method and the parameter.
 *
 * @author AnyCable Spring Boot contributors
 */
public class ChannelRegistry implements SmartInitializingSingleton, ApplicationContextAware {

	private static final Log logger = LogFactory.getLog(ChannelRegistry.class);

	private static final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private static final List<Class<? extends Annotation>> METHOD_ANNOTATIONS = List.of(OnSubscribe.class,
			OnUnsubscribe.class, Action.class, ChannelExceptionHandler.class);

	private final CableJson json;

	private ApplicationContext context;

	private volatile Map<String, ChannelDefinition> channels = Map.of();

	/**
	 * Create a registry.
	 * @param json the JSON support that binds parameters and payloads
	 */
	public ChannelRegistry(CableJson json) {
		this.json = json;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) throws BeansException {
		this.context = context;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, ChannelDefinition> channels = new TreeMap<>();
		for (String beanName : this.context.getBeanNamesForAnnotation(AnyCableChannel.class)) {
			ChannelDefinition channel = define(beanName, this.context.getBean(beanName));
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
			channels.values().forEach((channel) -> logger.debug("Channel " + channel + ", actions " + channel.actions().keySet()));
		}
	}

	/**
	 * Return the names of the registered channels.
	 * @return the channel names, sorted
	 */
	public Set<String> channelNames() {
		return this.channels.keySet();
	}

	ChannelDefinition find(String name) {
		return this.channels.get(name);
	}

	private ChannelDefinition define(String beanName, Object bean) {
		Class<?> type = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
		String name = StreamNames.channelName(type);
		Map<Method, Annotation> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<Annotation>) (method) -> channelAnnotation(beanName, method));
		ChannelMethod subscribe = null;
		ChannelMethod unsubscribe = null;
		Map<String, ChannelMethod> actions = new LinkedHashMap<>();
		Map<Class<? extends Throwable>, ChannelMethod> exceptionHandlers = new LinkedHashMap<>();
		for (Map.Entry<Method, Annotation> entry : methods.entrySet()) {
			Method method = entry.getKey();
			Annotation annotation = entry.getValue();
			String description = name + "." + method.getName();
			if (Modifier.isStatic(method.getModifiers())) {
				throw invalid(beanName, method, "is static", "Make it an instance method.");
			}
			Method invocable = invocableMethod(beanName, bean, method);
			if (annotation instanceof OnSubscribe || annotation instanceof OnUnsubscribe) {
				String kind = "@" + annotation.annotationType().getSimpleName();
				if (method.getReturnType() != void.class) {
					throw invalid(beanName, method, "is " + kind + " but returns " + method.getReturnType().getSimpleName(),
							kind + " methods return void: transmit with ChannelHandle.transmit(...).");
				}
				ChannelMethod callback = new ChannelMethod(bean, invocable, resolvers(beanName, method, Kind.CALLBACK, description),
						description);
				if (annotation instanceof OnSubscribe) {
					checkSingle(beanName, subscribe, method, kind);
					subscribe = callback;
				}
				else {
					checkSingle(beanName, unsubscribe, method, kind);
					unsubscribe = callback;
				}
			}
			else if (annotation instanceof Action action) {
				String actionName = StringUtils.hasText(action.value()) ? action.value() : method.getName();
				ChannelMethod existing = actions.put(actionName,
						new ChannelMethod(bean, invocable, resolvers(beanName, method, Kind.ACTION, description), description));
				if (existing != null) {
					throw invalid(beanName, method, "declares action '" + actionName + "', already declared by "
							+ existing.method().toGenericString(), "Give one of them another name with @Action(\"...\").");
				}
			}
			else {
				ChannelMethod handler = new ChannelMethod(bean, invocable,
						resolvers(beanName, method, Kind.EXCEPTION_HANDLER, description), description);
				for (Class<? extends Throwable> exceptionType : handledExceptions(beanName, method,
						(ChannelExceptionHandler) annotation)) {
					if (exceptionHandlers.put(exceptionType, handler) != null) {
						throw invalid(beanName, method, "handles " + exceptionType.getName()
								+ ", already handled by another @ChannelExceptionHandler", "Handle each exception type once.");
					}
				}
			}
		}
		return new ChannelDefinition(name, beanName, subscribe, unsubscribe, actions, exceptionHandlers);
	}

	private static Annotation channelAnnotation(String beanName, Method method) {
		Annotation found = null;
		for (Class<? extends Annotation> type : METHOD_ANNOTATIONS) {
			Annotation annotation = AnnotatedElementUtils.findMergedAnnotation(method, type);
			if (annotation != null) {
				if (found != null) {
					throw invalid(beanName, method, "has both @" + found.annotationType().getSimpleName() + " and @"
							+ type.getSimpleName(), "Use one channel annotation per method.");
				}
				found = annotation;
			}
		}
		return found;
	}

	private static Method invocableMethod(String beanName, Object bean, Method method) {
		try {
			return AopUtils.selectInvocableMethod(method, bean.getClass());
		}
		catch (IllegalStateException ex) {
			throw invalid(beanName, method, "cannot be called through the bean's proxy: " + ex.getMessage(),
					"Declare the method on an interface the proxy implements, or use class-based (CGLIB) proxies.");
		}
	}

	private static void checkSingle(String beanName, ChannelMethod existing, Method method, String kind) {
		if (existing != null) {
			throw invalid(beanName, method, "is a second " + kind + " method (the first is "
					+ existing.method().toGenericString() + ")", "Keep a single " + kind + " method per channel.");
		}
	}

	private static List<Class<? extends Throwable>> handledExceptions(String beanName, Method method,
			ChannelExceptionHandler annotation) {
		Class<?> parameterType = null;
		for (Class<?> type : method.getParameterTypes()) {
			if (Throwable.class.isAssignableFrom(type)) {
				parameterType = type;
			}
		}
		List<Class<? extends Throwable>> handled = new ArrayList<>(List.of(annotation.value()));
		if (handled.isEmpty()) {
			if (parameterType == null) {
				throw invalid(beanName, method, "names no exception to handle",
						"Declare the exception as a parameter or list it in @ChannelExceptionHandler(...).");
			}
			handled.add(parameterType.asSubclass(Throwable.class));
		}
		for (Class<? extends Throwable> type : handled) {
			if (parameterType != null && !parameterType.isAssignableFrom(type)) {
				throw invalid(beanName, method, "handles " + type.getName() + " but its exception parameter is a "
						+ parameterType.getName(), "Widen the parameter type or narrow the handled exceptions.");
			}
		}
		return handled;
	}

	private enum Kind {

		CALLBACK, ACTION, EXCEPTION_HANDLER

	}

	private ArgumentResolver[] resolvers(String beanName, Method method, Kind kind, String description) {
		ArgumentResolver[] resolvers = new ArgumentResolver[method.getParameterCount()];
		boolean payloadSeen = false;
		for (int i = 0; i < resolvers.length; i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			parameter.initParameterNameDiscovery(parameterNames);
			Class<?> type = parameter.getParameterType();
			ChannelParam channelParam = parameter.getParameterAnnotation(ChannelParam.class);
			ConnectionIdentifier identifier = parameter.getParameterAnnotation(ConnectionIdentifier.class);
			boolean payload = parameter.hasParameterAnnotation(Payload.class);
			if (type == ChannelHandle.class) {
				resolvers[i] = ChannelInvocation::handle;
			}
			else if (type == CableRequest.class) {
				resolvers[i] = (invocation) -> invocation.handle().request();
			}
			else if (type == CableIdentifiers.class) {
				resolvers[i] = (invocation) -> invocation.handle().identifiers();
			}
			else if (type == ChannelParams.class) {
				resolvers[i] = (invocation) -> invocation.handle().params();
			}
			else if (channelParam != null) {
				String name = name(beanName, parameter, channelParam.value(), "@ChannelParam");
				resolvers[i] = valueResolver(beanName, parameter, channelParam.required(), "channel parameter '" + name + "'",
						(invocation) -> invocation.handle().params().node(name));
			}
			else if (identifier != null) {
				String name = name(beanName, parameter, identifier.value(), "@ConnectionIdentifier");
				resolvers[i] = valueResolver(beanName, parameter, identifier.required(),
						"connection identifier '" + name + "'", (invocation) -> invocation.handle()
							.identifiers()
							.get(name)
							.map((value) -> (JsonNode) this.json.mapper().valueToTree(value))
							.orElse(null));
			}
			else if (kind == Kind.EXCEPTION_HANDLER && Throwable.class.isAssignableFrom(type)) {
				resolvers[i] = ChannelInvocation::exception;
			}
			else if (payload || (kind == Kind.ACTION && !BeanUtils.isSimpleProperty(type))) {
				if (kind != Kind.ACTION) {
					throw invalid(beanName, parameter, "is a payload, but only @Action methods receive one",
							"Remove it, or read the subscription's parameters with @ChannelParam.");
				}
				if (payloadSeen) {
					throw invalid(beanName, parameter, "is a second payload parameter",
							"An action has a single payload: bind the whole data to one type (a record, Map or JsonNode).");
				}
				payloadSeen = true;
				JavaType payloadType = this.json.mapper().constructType(parameter.getGenericParameterType());
				String what = "payload of " + description;
				resolvers[i] = (invocation) -> this.json.convert(invocation.payload(), payloadType, what);
			}
			else {
				throw invalid(beanName, parameter, "has an unsupported type " + type.getName(),
						"Channel methods take ChannelHandle, CableRequest, CableIdentifiers, ChannelParams, "
								+ "@ChannelParam, @ConnectionIdentifier and (actions only) one @Payload parameter.");
			}
		}
		return resolvers;
	}

	private ArgumentResolver valueResolver(String beanName, MethodParameter parameter, boolean required, String what,
			Function<ChannelInvocation, JsonNode> source) {
		if (!required && parameter.getParameterType().isPrimitive()) {
			throw invalid(beanName, parameter, "is optional but primitive, so it cannot be null",
					"Use the wrapper type (e.g. Integer) or make it required.");
		}
		JavaType type = this.json.mapper().constructType(parameter.getGenericParameterType());
		return (invocation) -> {
			JsonNode node = source.apply(invocation);
			if (node == null || node.isNull()) {
				if (required) {
					throw new IllegalArgumentException("Missing " + what);
				}
				return null;
			}
			return this.json.convert(node, type, what);
		};
	}

	private static String name(String beanName, MethodParameter parameter, String declared, String annotation) {
		if (StringUtils.hasText(declared)) {
			return declared;
		}
		String name = parameter.getParameterName();
		if (name == null) {
			throw invalid(beanName, parameter, "has no name to bind " + annotation + " to",
					"Name it in the annotation, e.g. " + annotation + "(\"room\"), or compile with -parameters.");
		}
		return name;
	}

	private static InvalidChannelDefinitionException invalid(String beanName, Method method, String problem,
			String action) {
		return new InvalidChannelDefinitionException(beanName,
				"Channel bean '" + beanName + "': method " + method.toGenericString() + " " + problem, action);
	}

	private static InvalidChannelDefinitionException invalid(String beanName, MethodParameter parameter, String problem,
			String action) {
		String name = parameter.getParameterName();
		return new InvalidChannelDefinitionException(beanName,
				"Channel bean '" + beanName + "': parameter " + parameter.getParameterIndex()
						+ ((name != null) ? " (" + name + ")" : "") + " of method "
						+ parameter.getMethod().toGenericString() + " " + problem,
				action);
	}

}
