package io.anycable.spring.boot.test.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.context.SpringBootTestContextBootstrapper;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * Maps {@link AnyCableTest#properties()} into the test environment.
 *
 * @author AnyCable Spring Boot contributors
 */
class AnyCableTestContextBootstrapper extends SpringBootTestContextBootstrapper {

	@Override
	protected String @Nullable [] getProperties(Class<?> testClass) {
		return MergedAnnotations.from(testClass, SearchStrategy.INHERITED_ANNOTATIONS)
			.get(AnyCableTest.class)
			.getValue("properties", String[].class)
			.orElse(null);
	}

}
