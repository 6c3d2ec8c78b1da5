package io.anycable.spring.channel.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Binds a method parameter to one of the connection's identifiers (what the
 * {@code CableConnectionFactory} accepted the connection with), e.g. {@code user}.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConnectionIdentifier {

	/**
	 * The identifier name; defaults to the parameter name (compile with
	 * {@code -parameters}).
	 * @return the name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * Alias for {@link #value()}.
	 * @return the name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * Whether the identifier must be present; a missing optional one binds {@code null}.
	 * @return whether the identifier is required
	 */
	boolean required() default true;

}
