package io.anycable.spring.channel.internal;

import java.lang.annotation.Annotation;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.channel.ChannelInvocationException;
import io.anycable.spring.channel.method.ChannelArgumentResolver;
import io.anycable.spring.channel.method.ChannelArgumentSource;
import io.anycable.spring.channel.method.ChannelInvocation;
import io.anycable.spring.channel.method.ChannelMethodParameter;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Base of the resolvers of an annotated parameter that names one JSON value of the call
 * (a subscription parameter, a connection identifier), converted to the parameter's type
 * with Jackson; like Spring MVC's {@code AbstractNamedValueMethodArgumentResolver}.
 *
 * @param <A> the annotation
 */
abstract class NamedValueArgumentResolver<A extends Annotation> implements ChannelArgumentResolver {

	private final Class<A> annotationType;

	private final CableJson json;

	NamedValueArgumentResolver(Class<A> annotationType, CableJson json) {
		this.annotationType = annotationType;
		this.json = json;
	}

	@Override
	public boolean supportsParameter(ChannelMethodParameter parameter) {
		return parameter.hasParameterAnnotation(this.annotationType);
	}

	@Override
	public ChannelArgumentSource prepare(ChannelMethodParameter parameter) {
		A annotation = parameter.getParameterAnnotation(this.annotationType);
		String name = name(parameter, declaredName(annotation));
		boolean required = isRequired(annotation);
		if (!required && parameter.getParameterType().isPrimitive()) {
			throw parameter.invalid("is optional but primitive, so it cannot be null",
					"Use the wrapper type (e.g. Integer) or make it required.");
		}
		JavaType type = this.json.mapper().constructType(parameter.getGenericParameterType());
		String what = describe(name) + " of " + parameter.getMethodDescription();
		return (invocation) -> {
			JsonNode node = value(invocation, name);
			if (node == null || node.isNull()) {
				if (required) {
					throw failure("Missing " + what, null);
				}
				return null;
			}
			try {
				return this.json.convert(node, type, what);
			}
			catch (IllegalArgumentException ex) {
				throw failure(ex.getMessage(), ex);
			}
		};
	}

	/**
	 * Return the name the annotation declares.
	 * @param annotation the annotation
	 * @return the name, empty for the parameter's name
	 */
	abstract String declaredName(A annotation);

	/**
	 * Return whether the annotation requires the value.
	 * @param annotation the annotation
	 * @return whether a missing value fails the call
	 */
	abstract boolean isRequired(A annotation);

	/**
	 * Describe the value for error messages.
	 * @param name its name
	 * @return e.g. {@code channel parameter 'room'}
	 */
	abstract String describe(String name);

	/**
	 * Return the exception for a value that is missing or does not bind.
	 * @param message what is wrong
	 * @param cause the binding failure, {@code null} for a missing value
	 * @return an {@link InvalidChannelRequestException} when the client sent the value,
	 * else a {@link ChannelInvocationException}
	 */
	abstract ChannelInvocationException failure(String message, @Nullable Throwable cause);

	/**
	 * Read the value from the call.
	 * @param invocation the call
	 * @param name its name
	 * @return the value, {@code null} when absent
	 */
	abstract @Nullable JsonNode value(ChannelInvocation invocation, String name);

	CableJson json() {
		return this.json;
	}

	private String name(ChannelMethodParameter parameter, String declared) {
		if (StringUtils.hasText(declared)) {
			return declared;
		}
		String name = parameter.getParameterName();
		if (name == null) {
			String annotation = "@" + this.annotationType.getSimpleName();
			throw parameter.invalid("has no name to bind " + annotation + " to",
					"Name it in the annotation, e.g. " + annotation + "(\"room\"), or compile with -parameters.");
		}
		return name;
	}

}
