package io.anycable.spring.channel.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method run when a subscription ends (Action Cable's {@code unsubscribed}): on
 * an explicit unsubscribe and, with the channel state restored, when the client
 * disconnects. It returns {@code void} and takes no payload.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnUnsubscribe {

}
