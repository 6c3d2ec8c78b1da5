package io.anycable.spring.channel;

import java.util.Objects;
import java.util.stream.Collectors;

import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Thrown when the payload of an action, annotated with {@code @Valid} or
 * {@code @Validated}, is not valid. Like spring-messaging's
 * {@code MethodArgumentNotValidException} it carries the {@link BindingResult}: a
 * {@code @ChannelExceptionHandler} may take it and transmit the errors to the client.
 * Unhandled, the call is answered {@code ERROR} with every violation in the message.
 *
 * @author AnyCable Spring Boot contributors
 */
public class ChannelPayloadNotValidException extends InvalidChannelRequestException {

	private final transient BindingResult bindingResult;

	/**
	 * Create an exception.
	 * @param method the action, as {@code Channel.method}
	 * @param bindingResult the errors
	 */
	public ChannelPayloadNotValidException(String method, BindingResult bindingResult) {
		super("Payload of " + method + " is not valid: " + describe(bindingResult), null);
		this.bindingResult = bindingResult;
	}

	/**
	 * Return the validation errors.
	 * @return the binding result
	 */
	public BindingResult getBindingResult() {
		return this.bindingResult;
	}

	private static String describe(BindingResult result) {
		return result.getAllErrors()
			.stream()
			.map(ChannelPayloadNotValidException::describe)
			.collect(Collectors.joining("; "));
	}

	private static String describe(ObjectError error) {
		String message = Objects.requireNonNullElse(error.getDefaultMessage(),
				"is not valid (" + error.getCode() + ")");
		if (error instanceof FieldError fieldError) {
			return fieldError.getField() + " " + message;
		}
		return message;
	}

}
