package io.anycable.spring.channel.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import io.anycable.spring.channel.method.ChannelArgumentSource;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * A channel method ready to call: the source of each argument was bound and checked at
 * startup, so a call does no lookups.
 */
final class ChannelMethod {

	private final Object bean;

	private final Method method;

	private final ChannelArgumentSource[] arguments;

	private final String description;

	ChannelMethod(Object bean, Method method, ChannelArgumentSource[] arguments, String description) {
		this.bean = bean;
		this.method = method;
		this.arguments = arguments;
		this.description = description;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Call the method.
	 * @param invocation what the arguments come from
	 * @return the result, {@code null} for {@code void}
	 * @throws Throwable what the method threw, or the binding failure of an argument
	 */
	@Nullable Object invoke(DefaultChannelInvocation invocation) throws Throwable {
		@Nullable Object[] args = new Object[this.arguments.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.arguments[i].resolve(invocation);
		}
		try {
			return this.method.invoke(this.bean, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	Method method() {
		return this.method;
	}

	@Override
	public String toString() {
		return this.description;
	}

}
