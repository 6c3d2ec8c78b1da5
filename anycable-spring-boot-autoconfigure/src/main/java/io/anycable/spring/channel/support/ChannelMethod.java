package io.anycable.spring.channel.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.springframework.util.ReflectionUtils;

/**
 * A channel method ready to call: its argument resolvers were built and checked at startup, so a call
 * does no lookups.
 */
final class ChannelMethod {

	private final Object bean;

	private final Method method;

	private final ArgumentResolver[] resolvers;

	private final String description;

	ChannelMethod(Object bean, Method method, ArgumentResolver[] resolvers, String description) {
		this.bean = bean;
		this.method = method;
		this.resolvers = resolvers;
		this.description = description;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Call the method.
	 * @param invocation what the arguments come from
	 * @return the result, {@code null} for {@code void}
	 * @throws Throwable what the method threw, or the binding failure of an argument
	 */
	Object invoke(ChannelInvocation invocation) throws Throwable {
		Object[] args = new Object[this.resolvers.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.resolvers[i].resolve(invocation);
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

	/**
	 * Resolves one argument of a channel method.
	 */
	@FunctionalInterface
	interface ArgumentResolver {

		Object resolve(ChannelInvocation invocation);

	}

}
