package io.anycable.spring.channel.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter of an {@link Action @Action} method to the action's data without its
 * {@code action} key, read with the application's {@code ObjectMapper} (a record, a
 * {@code Map} or a {@code JsonNode}). An action's single unannotated parameter of a
 * non-simple type is its payload too; the annotation makes it explicit.
 * <p>
 * Annotated also with {@code @jakarta.validation.Valid} or {@code @Validated}, the
 * payload is validated with the application's Bean Validation {@code Validator}; a
 * payload that is not valid fails the action with a
 * {@link io.anycable.spring.channel.ChannelPayloadNotValidException}.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Payload {

}
