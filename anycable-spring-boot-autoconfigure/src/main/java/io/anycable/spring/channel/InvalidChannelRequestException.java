package io.anycable.spring.channel;

import io.anycable.spring.connection.ClientMistake;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a client's command cannot reach a channel method: the identifier names no
 * channel or an unknown one, a message has no action or an unknown one, or a parameter,
 * payload or identifier does not bind. A {@link ClientMistake}: logged as one WARN line,
 * not as an application failure.
 *
 * @author AnyCable Spring Boot contributors
 */
public class InvalidChannelRequestException extends ChannelInvocationException implements ClientMistake {

	/**
	 * Create an exception.
	 * @param message what is wrong with the command, sent to anycable-go as
	 * {@code error_msg}
	 * @param cause the cause, may be {@code null}
	 */
	public InvalidChannelRequestException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
