package io.anycable.spring.channel.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method run when a client subscribes (Action Cable's {@code subscribed}). It
 * returns {@code void}; it may start streams, transmit, store state, or reject the
 * subscription through the {@code ChannelHandle}. Without such a method every
 * subscription is confirmed.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnSubscribe {

}
