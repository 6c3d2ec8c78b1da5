package io.anycable.spring.channel.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Binds a method parameter to a key of the subscription identifier, e.g. {@code room} of
 * {@code {"channel":"ChatChannel","room":"42"}}, converted to the parameter type with
 * Jackson.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ChannelParam {

	/**
	 * The key; defaults to the parameter name (compile with {@code -parameters}).
	 * @return the key
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * Alias for {@link #value()}.
	 * @return the key
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * Whether the key must be present; a missing optional key binds {@code null}.
	 * @return whether the key is required
	 */
	boolean required() default true;

}
