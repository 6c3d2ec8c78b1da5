package io.anycable.spring.channel.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a channel method that clients call with {@code perform("<action>", data)}: the
 * {@code action} key of the message data selects it. A non-{@code void} result is
 * transmitted to the caller.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Action {

	/**
	 * The action name; defaults to the method name.
	 * @return the action name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * Alias for {@link #value()}.
	 * @return the action name
	 */
	@AliasFor("value")
	String name() default "";

}
