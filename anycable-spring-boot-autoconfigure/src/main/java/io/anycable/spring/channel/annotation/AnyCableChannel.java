package io.anycable.spring.channel.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean as an Action Cable channel: clients subscribe with the identifier
 * {@code {"channel":"<name>", ...params}}, and its {@link Action} methods answer their
 * messages.
 * <p>
 * A channel is a singleton, but nothing of a subscription lives in it between calls:
 * anycable-go calls the application statelessly. Keep per-subscription values in
 * {@code ChannelHandle.state()}.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface AnyCableChannel {

	/**
	 * The channel name clients use; defaults to the simple class name. A name given here
	 * is also the bean name (as with {@code @Service("...")}).
	 * @return the channel name
	 */
	@AliasFor(annotation = Component.class)
	String value() default "";

	/**
	 * Alias for {@link #value()}.
	 * @return the channel name
	 */
	@AliasFor(annotation = Component.class, attribute = "value")
	String name() default "";

}
