package io.anycable.spring.channel.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.anycable.spring.channel.InvalidChannelDefinitionException;
import io.anycable.spring.channel.StreamNames;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.ChannelExceptionHandler;
import io.anycable.spring.channel.annotation.OnSubscribe;
import io.anycable.spring.channel.annotation.OnUnsubscribe;
import io.anycable.spring.channel.method.ChannelMethodKind;
import io.anycable.spring.channel.method.ChannelMethodParameter;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Reads one {@code @AnyCableChannel} bean into a {@link ChannelDefinition}: finds its
 * annotated methods, checks each declaration and binds every parameter through the
 * {@link ChannelArgumentResolvers}. A wrong declaration throws an
 * {@link InvalidChannelDefinitionException} that names the bean, the method and the
 * parameter.
 */
final class ChannelDefinitionReader {

	/** The method annotations, in the order a conflict between two of them names them. */
	private static final Map<Class<? extends Annotation>, ChannelMethodKind> METHOD_ANNOTATIONS = new LinkedHashMap<>();

	static {
		METHOD_ANNOTATIONS.put(OnSubscribe.class, ChannelMethodKind.SUBSCRIBE);
		METHOD_ANNOTATIONS.put(OnUnsubscribe.class, ChannelMethodKind.UNSUBSCRIBE);
		METHOD_ANNOTATIONS.put(Action.class, ChannelMethodKind.ACTION);
		METHOD_ANNOTATIONS.put(ChannelExceptionHandler.class, ChannelMethodKind.EXCEPTION_HANDLER);
	}

	private final ChannelArgumentResolvers resolvers;

	ChannelDefinitionReader(ChannelArgumentResolvers resolvers) {
		this.resolvers = resolvers;
	}

	ChannelDefinition read(String beanName, Object bean) {
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
			ChannelMethodKind kind = METHOD_ANNOTATIONS.get(annotation.annotationType());
			if (Modifier.isStatic(method.getModifiers())) {
				throw invalid(beanName, method, "is static", "Make it an instance method.");
			}
			if (kind == ChannelMethodKind.SUBSCRIBE || kind == ChannelMethodKind.UNSUBSCRIBE) {
				String callbackKind = "@" + annotation.annotationType().getSimpleName();
				if (method.getReturnType() != void.class) {
					throw invalid(beanName, method,
							"is " + callbackKind + " but returns " + method.getReturnType().getSimpleName(),
							callbackKind + " methods return void: transmit with ChannelHandle.transmit(...).");
				}
			}
			ChannelMethod channelMethod = new ChannelMethod(bean, invocableMethod(beanName, bean, method),
					this.resolvers.bind(parameters(method, kind, name, beanName)), name + "." + method.getName());
			switch (kind) {
				case SUBSCRIBE -> {
					checkSingle(beanName, subscribe, method, "@OnSubscribe");
					subscribe = channelMethod;
				}
				case UNSUBSCRIBE -> {
					checkSingle(beanName, unsubscribe, method, "@OnUnsubscribe");
					unsubscribe = channelMethod;
				}
				case ACTION -> {
					String value = ((Action) annotation).value();
					String actionName = StringUtils.hasText(value) ? value : method.getName();
					ChannelMethod existing = actions.put(actionName, channelMethod);
					if (existing != null) {
						throw invalid(beanName, method,
								"declares action '" + actionName + "', already declared by "
										+ existing.method().toGenericString(),
								"Give one of them another name with @Action(\"...\").");
					}
				}
				case EXCEPTION_HANDLER -> {
					for (Class<? extends Throwable> exceptionType : handledExceptions(beanName, method,
							(ChannelExceptionHandler) annotation)) {
						if (exceptionHandlers.put(exceptionType, channelMethod) != null) {
							throw invalid(beanName, method,
									"handles " + exceptionType.getName()
											+ ", already handled by another @ChannelExceptionHandler",
									"Handle each exception type once.");
						}
					}
				}
			}
		}
		return new ChannelDefinition(name, beanName, subscribe, unsubscribe, actions, exceptionHandlers);
	}

	private static List<ChannelMethodParameter> parameters(Method method, ChannelMethodKind kind, String channelName,
			String beanName) {
		List<ChannelMethodParameter> parameters = new ArrayList<>(method.getParameterCount());
		for (int i = 0; i < method.getParameterCount(); i++) {
			parameters.add(new ChannelMethodParameter(method, i, kind, channelName, beanName));
		}
		return parameters;
	}

	private static @Nullable Annotation channelAnnotation(String beanName, Method method) {
		Annotation found = null;
		for (Class<? extends Annotation> type : METHOD_ANNOTATIONS.keySet()) {
			Annotation annotation = AnnotatedElementUtils.findMergedAnnotation(method, type);
			if (annotation != null) {
				if (found != null) {
					throw invalid(beanName, method,
							"has both @" + found.annotationType().getSimpleName() + " and @" + type.getSimpleName(),
							"Use one channel annotation per method.");
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

	private static void checkSingle(String beanName, @Nullable ChannelMethod existing, Method method, String kind) {
		if (existing != null) {
			throw invalid(beanName, method,
					"is a second " + kind + " method (the first is " + existing.method().toGenericString() + ")",
					"Keep a single " + kind + " method per channel.");
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
				throw invalid(beanName, method,
						"handles " + type.getName() + " but its exception parameter is a " + parameterType.getName(),
						"Widen the parameter type or narrow the handled exceptions.");
			}
		}
		return handled;
	}

	private static InvalidChannelDefinitionException invalid(String beanName, Method method, String problem,
			String action) {
		return new InvalidChannelDefinitionException(beanName,
				"Channel bean '" + beanName + "': method " + method.toGenericString() + " " + problem, action);
	}

}
