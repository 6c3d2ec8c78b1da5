package io.anycable.spring.channel;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a channel call fails: an exception of the channel method that no
 * {@code @ChannelExceptionHandler} handled or, as an
 * {@link InvalidChannelRequestException}, a command the channels cannot take. Its message
 * is what anycable-go receives as {@code error_msg}.
 *
 * @author AnyCable Spring Boot contributors
 */
public class ChannelInvocationException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what failed
	 * @param cause the cause, may be {@code null}
	 */
	public ChannelInvocationException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
