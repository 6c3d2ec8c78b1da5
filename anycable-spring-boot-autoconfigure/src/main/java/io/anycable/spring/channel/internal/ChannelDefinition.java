package io.anycable.spring.channel.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anycable.spring.channel.ChannelInvocationException;
import io.anycable.spring.channel.InvalidChannelRequestException;
import io.anycable.spring.connection.ClientMistake;
import io.anycable.spring.protocol.JsonStrings;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ExceptionDepthComparator;
import org.springframework.util.ClassUtils;

/**
 * One channel: its name, callbacks, actions and exception handlers.
 */
final class ChannelDefinition {

	/** Spring Security's, when on the classpath. */
	private static final @Nullable Class<?> ACCESS_DENIED = accessDeniedException();

	private final String name;

	private final String beanName;

	private final @Nullable ChannelMethod subscribe;

	private final @Nullable ChannelMethod unsubscribe;

	private final Map<String, ChannelMethod> actions;

	private final Map<Class<? extends Throwable>, ChannelMethod> exceptionHandlers;

	ChannelDefinition(String name, String beanName, @Nullable ChannelMethod subscribe,
			@Nullable ChannelMethod unsubscribe, Map<String, ChannelMethod> actions,
			Map<Class<? extends Throwable>, ChannelMethod> exceptionHandlers) {
		this.name = name;
		this.beanName = beanName;
		this.subscribe = subscribe;
		this.unsubscribe = unsubscribe;
		this.actions = Map.copyOf(actions);
		this.exceptionHandlers = Map.copyOf(exceptionHandlers);
	}

	String name() {
		return this.name;
	}

	String beanName() {
		return this.beanName;
	}

	Map<String, ChannelMethod> actions() {
		return this.actions;
	}

	void subscribe(DefaultChannelHandle handle) {
		if (this.subscribe != null) {
			invoke(this.subscribe, new DefaultChannelInvocation(handle, null, null));
		}
	}

	void unsubscribe(DefaultChannelHandle handle) {
		if (this.unsubscribe != null) {
			invoke(this.unsubscribe, new DefaultChannelInvocation(handle, null, null));
		}
	}

	void perform(DefaultChannelHandle handle, ObjectNode data) {
		JsonNode action = data.remove("action");
		if (action == null || !action.isTextual()) {
			throw new InvalidChannelRequestException(
					"Message to " + this.name + " has no \"action\" in its data " + JsonStrings.quote(data.toString()),
					null);
		}
		ChannelMethod method = this.actions.get(action.textValue());
		if (method == null) {
			throw new InvalidChannelRequestException("Unknown action " + JsonStrings.quote(action.textValue())
					+ " for channel " + this.name + " (actions: " + new TreeSet<>(this.actions.keySet()) + ")", null);
		}
		Object result = invoke(method, new DefaultChannelInvocation(handle, data, null));
		if (result != null) {
			handle.transmit(result);
		}
	}

	private @Nullable Object invoke(ChannelMethod method, DefaultChannelInvocation invocation) {
		try {
			return method.invoke(invocation);
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			ChannelMethod handler = findExceptionHandler(ex);
			if (handler == null) {
				throw failure(method, ex);
			}
			try {
				Object result = handler.invoke(invocation.withException(ex));
				if (result != null) {
					invocation.handle().transmit(result);
				}
				return null;
			}
			catch (Throwable handlerFailure) {
				if (handlerFailure != ex) {
					// a handler may rethrow what it was given
					handlerFailure.addSuppressed(ex);
				}
				throw failure(handler, handlerFailure);
			}
		}
	}

	private @Nullable ChannelMethod findExceptionHandler(Throwable ex) {
		if (this.exceptionHandlers.isEmpty()) {
			return null;
		}
		List<Class<? extends Throwable>> matching = this.exceptionHandlers.keySet()
			.stream()
			.filter((type) -> type.isInstance(ex))
			.toList();
		if (matching.isEmpty()) {
			return null;
		}
		return this.exceptionHandlers.get(ExceptionDepthComparator.findClosestMatch(matching, ex));
	}

	private static ChannelInvocationException failure(ChannelMethod method, Throwable ex) {
		if (ex instanceof ChannelInvocationException invocationException) {
			return invocationException;
		}
		String message = ex.getMessage();
		String reason = (message != null && !message.isEmpty()) ? message : ex.getClass().getName();
		if (ACCESS_DENIED != null && ACCESS_DENIED.isInstance(ex)) {
			// @PreAuthorize refused the client: its doing, one WARN line, no stack trace
			return new InvalidChannelRequestException(method + " denied: " + reason, ex);
		}
		String text = method + " failed: " + reason;
		// a method may find out itself that the client asked for something wrong
		return (ex instanceof ClientMistake) ? new InvalidChannelRequestException(text, ex)
				: new ChannelInvocationException(text, ex);
	}

	private static @Nullable Class<?> accessDeniedException() {
		String name = "org.springframework.security.access.AccessDeniedException";
		ClassLoader classLoader = ChannelDefinition.class.getClassLoader();
		return ClassUtils.isPresent(name, classLoader) ? ClassUtils.resolveClassName(name, classLoader) : null;
	}

	@Override
	public String toString() {
		return this.name + " (bean '" + this.beanName + "')";
	}

}
