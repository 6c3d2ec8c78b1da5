package io.anycable.spring.boot.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Imports AnyCable's auto-configuration (JSON, RPC handler, channel framework, gRPC
 * service, broadcasting) for a test slice. Usually used through {@link AnyCableTest}.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureAnyCable {

}
