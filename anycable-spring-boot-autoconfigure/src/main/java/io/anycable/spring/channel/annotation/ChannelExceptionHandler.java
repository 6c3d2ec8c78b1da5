package io.anycable.spring.channel.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a channel method that handles exceptions thrown by the channel's other methods,
 * like {@code @ExceptionHandler} in MVC. It takes the exception and any other channel
 * method parameter except a payload; a non-{@code void} result is transmitted, and it may
 * reject the subscription through the {@code ChannelHandle}. Without a matching handler
 * the call is answered with status {@code ERROR}.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ChannelExceptionHandler {

	/**
	 * The exceptions handled; defaults to the exception parameter's type.
	 * @return the exception types
	 */
	Class<? extends Throwable>[] value() default {};

}
