package io.anycable.spring.boot.test.autoconfigure;

import java.util.Set;

import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.SocketConnectionFactory;

import org.springframework.boot.test.autoconfigure.filter.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * Scans channels and connection factories for {@link AnyCableTest}.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class AnyCableTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<AnyCableTest> {

	private static final Set<Class<?>> DEFAULT_INCLUDES = Set.of(AnyCableChannel.class, CableConnectionFactory.class,
			SocketConnectionFactory.class);

	private final Set<Class<?>> channels;

	AnyCableTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.channels = getAnnotation().getValue("channels", Class[].class).map(Set::<Class<?>>of).orElseGet(Set::of);
	}

	@Override
	protected Set<Class<?>> getDefaultIncludes() {
		if (this.channels.isEmpty()) {
			return DEFAULT_INCLUDES;
		}
		return Set.of(CableConnectionFactory.class, SocketConnectionFactory.class);
	}

	@Override
	protected Set<Class<?>> getComponentIncludes() {
		return this.channels;
	}

}
