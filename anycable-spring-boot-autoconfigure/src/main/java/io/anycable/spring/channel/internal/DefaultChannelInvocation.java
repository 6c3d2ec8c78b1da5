package io.anycable.spring.channel.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anycable.spring.channel.method.ChannelInvocation;
import org.jspecify.annotations.Nullable;

/**
 * What the arguments of one channel method call are resolved from.
 *
 * @param handle the handle of the call
 * @param payload the action data without {@code action}, {@code null} outside actions
 * @param exception the exception being handled, {@code null} outside exception handlers
 */
record DefaultChannelInvocation(DefaultChannelHandle handle, @Nullable ObjectNode payload,
		@Nullable Throwable exception) implements ChannelInvocation {

	DefaultChannelInvocation withException(Throwable exception) {
		return new DefaultChannelInvocation(this.handle, this.payload, exception);
	}

}
