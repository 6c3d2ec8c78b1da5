package io.anycable.spring.channel.support;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the arguments of one channel method call are resolved from.
 *
 * @param handle the handle of the call
 * @param payload the action data without {@code action}, {@code null} outside actions
 * @param exception the exception being handled, {@code null} outside exception handlers
 */
record ChannelInvocation(DefaultChannelHandle handle, ObjectNode payload, Throwable exception) {

	ChannelInvocation withException(Throwable exception) {
		return new ChannelInvocation(this.handle, this.payload, exception);
	}

}
