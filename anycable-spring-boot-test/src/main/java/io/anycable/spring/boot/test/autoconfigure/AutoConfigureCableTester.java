package io.anycable.spring.boot.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.properties.PropertyMapping;

/**
 * Adds a {@link io.anycable.spring.test.CableTester} to a test, like
 * {@code @AutoConfigureMockMvc} adds MockMvc: the application's RPC server runs
 * in-process (no port), and broadcasts are recorded by a
 * {@link io.anycable.spring.test.BroadcastRecorder} unless {@link #recordBroadcasts()} is
 * {@code false}. Use it with {@code @SpringBootTest}; {@link AnyCableTest} includes it.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("anycable.test")
public @interface AutoConfigureCableTester {

	/**
	 * Whether to record broadcasts instead of publishing them through the configured
	 * adapter.
	 * @return whether broadcasts are recorded
	 */
	boolean recordBroadcasts() default true;

}
