package io.anycable.spring.channel.method;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

import io.anycable.spring.channel.InvalidChannelDefinitionException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.SynthesizingMethodParameter;

/**
 * A parameter of a channel method, as {@link ChannelArgumentResolver}s see it at startup:
 * the Java parameter (annotations synthesized, so {@code @AliasFor} works), the kind of
 * method and the channel.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class ChannelMethodParameter {

	private static final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final MethodParameter parameter;

	private final ChannelMethodKind kind;

	private final String channelName;

	private final String beanName;

	/**
	 * Create a parameter.
	 * @param method the channel method
	 * @param index the index of the parameter
	 * @param kind the kind of the method
	 * @param channelName the channel's name
	 * @param beanName the channel bean's name
	 */
	public ChannelMethodParameter(Method method, int index, ChannelMethodKind kind, String channelName,
			String beanName) {
		this.parameter = new SynthesizingMethodParameter(method, index);
		this.parameter.initParameterNameDiscovery(parameterNames);
		this.kind = kind;
		this.channelName = channelName;
		this.beanName = beanName;
	}

	/**
	 * Return Spring's view of the parameter.
	 * @return the method parameter
	 */
	public MethodParameter getMethodParameter() {
		return this.parameter;
	}

	/**
	 * Return the parameter's type.
	 * @return the type
	 */
	public Class<?> getParameterType() {
		return this.parameter.getParameterType();
	}

	/**
	 * Return the parameter's generic type.
	 * @return the type
	 */
	public Type getGenericParameterType() {
		return this.parameter.getGenericParameterType();
	}

	/**
	 * Return the parameter's name, when compiled with {@code -parameters}.
	 * @return the name, or {@code null}
	 */
	public @Nullable String getParameterName() {
		return this.parameter.getParameterName();
	}

	/**
	 * Return an annotation of the parameter.
	 * @param <A> the annotation type
	 * @param type the annotation type
	 * @return the annotation, or {@code null}
	 */
	public <A extends Annotation> @Nullable A getParameterAnnotation(Class<A> type) {
		return this.parameter.getParameterAnnotation(type);
	}

	/**
	 * Return whether the parameter has an annotation.
	 * @param type the annotation type
	 * @return {@code true} when present
	 */
	public boolean hasParameterAnnotation(Class<? extends Annotation> type) {
		return this.parameter.hasParameterAnnotation(type);
	}

	/**
	 * Return every annotation of the parameter.
	 * @return the annotations
	 */
	public Annotation[] getParameterAnnotations() {
		return this.parameter.getParameterAnnotations();
	}

	/**
	 * Return the kind of method the parameter belongs to.
	 * @return the kind
	 */
	public ChannelMethodKind getKind() {
		return this.kind;
	}

	/**
	 * Return the name of the channel.
	 * @return the channel name
	 */
	public String getChannelName() {
		return this.channelName;
	}

	/**
	 * Return the name of the channel bean.
	 * @return the bean name
	 */
	public String getBeanName() {
		return this.beanName;
	}

	/**
	 * Return {@code Channel.method}, as error messages name the method.
	 * @return the description
	 */
	public String getMethodDescription() {
		return this.channelName + "." + this.parameter.getExecutable().getName();
	}

	/**
	 * Create the exception that fails startup for this parameter, naming the bean, the
	 * method and the parameter.
	 * @param problem what is wrong, completing "parameter N (name) of method M ..."
	 * @param action how to fix it
	 * @return the exception to throw
	 */
	public InvalidChannelDefinitionException invalid(String problem, String action) {
		String name = getParameterName();
		return new InvalidChannelDefinitionException(this.beanName,
				"Channel bean '" + this.beanName + "': parameter " + this.parameter.getParameterIndex()
						+ ((name != null) ? " (" + name + ")" : "") + " of method "
						+ this.parameter.getExecutable().toGenericString() + " " + problem,
				action);
	}

	@Override
	public String toString() {
		return "parameter " + this.parameter.getParameterIndex() + " of " + getMethodDescription();
	}

}
