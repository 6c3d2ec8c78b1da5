package io.anycable.spring.boot.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.autoconfigure.filter.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test slice for AnyCable channels, like {@code @WebMvcTest} for controllers: only
 * {@code @AnyCableChannel} beans (all, or the given {@link #channels()}) and
 * {@code CableConnectionFactory} beans are scanned, AnyCable's auto-configuration runs
 * over an in-process gRPC server, and a {@link io.anycable.spring.test.CableTester} and a
 * {@link io.anycable.spring.test.BroadcastRecorder} are ready to inject. Other
 * collaborators come from {@code @MockitoBean} or {@code @Import}.
 *
 * @author AnyCable Spring Boot contributors
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(AnyCableTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(AnyCableTypeExcludeFilter.class)
@AutoConfigureAnyCable
@AutoConfigureCableTester
@ImportAutoConfiguration
public @interface AnyCableTest {

	/**
	 * Properties in {@code key=value} form to add to the environment.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * The channels to load; all {@code @AnyCableChannel} beans when empty.
	 * @return the channel classes
	 */
	Class<?>[] channels() default {};

	/**
	 * Whether to record broadcasts instead of publishing them through the configured
	 * adapter.
	 * @return whether broadcasts are recorded
	 */
	@AliasFor(annotation = AutoConfigureCableTester.class)
	boolean recordBroadcasts() default true;

	/**
	 * Whether the default filtering (channels and connection factories) applies.
	 * @return whether default filters apply
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Additional include filters for component scanning.
	 * @return include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Exclude filters for component scanning.
	 * @return exclude filters
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configuration to exclude.
	 * @return the excluded auto-configuration classes
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
