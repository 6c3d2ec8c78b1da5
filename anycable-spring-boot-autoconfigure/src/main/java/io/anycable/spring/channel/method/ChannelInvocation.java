package io.anycable.spring.channel.method;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anycable.spring.channel.ChannelHandle;
import org.jspecify.annotations.Nullable;

/**
 * One call of a channel method: what its arguments are resolved from.
 *
 * @author AnyCable Spring Boot contributors
 */
public interface ChannelInvocation {

	/**
	 * Return the handle of the call: the subscription, its connection and the request.
	 * @return the handle
	 */
	ChannelHandle handle();

	/**
	 * Return the action data without its {@code action} key.
	 * @return the data, {@code null} outside actions
	 */
	@Nullable ObjectNode payload();

	/**
	 * Return the exception an exception handler is called for.
	 * @return the exception, {@code null} outside exception handlers
	 */
	@Nullable Throwable exception();

}
