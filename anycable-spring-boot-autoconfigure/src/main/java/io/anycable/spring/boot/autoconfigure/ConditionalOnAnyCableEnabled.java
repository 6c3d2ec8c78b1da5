package io.anycable.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Matches unless {@code anycable.enabled} is {@code false}: the switch every AnyCable
 * auto-configuration honours, so one property turns the whole starter off.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnBooleanProperty(name = "anycable.enabled", matchIfMissing = true)
public @interface ConditionalOnAnyCableEnabled {

}
