package io.anycable.spring.channel.method;

import org.jspecify.annotations.Nullable;

/**
 * Produces the value of one parameter of one channel method on every call. Prepared once
 * at startup by a {@link ChannelArgumentResolver}, so it does no lookups.
 *
 * @author AnyCable Spring Boot contributors
 */
@FunctionalInterface
public interface ChannelArgumentSource {

	/**
	 * Resolve the argument.
	 * @param invocation the call
	 * @return the value, {@code null} where the parameter accepts it
	 * @throws Exception when the value cannot be produced (a missing or unreadable value,
	 * for instance); it fails the call like an exception of the method, so a
	 * {@code @ChannelExceptionHandler} may take it
	 */
	@Nullable Object resolve(ChannelInvocation invocation) throws Exception;

}
