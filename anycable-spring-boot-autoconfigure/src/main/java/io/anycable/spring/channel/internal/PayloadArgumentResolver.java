package io.anycable.spring.channel.internal;

import java.lang.annotation.Annotation;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.channel.ChannelPayloadNotValidException;
import io.anycable.spring.channel.InvalidChannelRequestException;
import io.anycable.spring.channel.annotation.Payload;
import io.anycable.spring.channel.method.ChannelArgumentResolver;
import io.anycable.spring.channel.method.ChannelArgumentSource;
import io.anycable.spring.channel.method.ChannelMethodKind;
import io.anycable.spring.channel.method.ChannelMethodParameter;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.ValidationAnnotationUtils;

/**
 * Resolves an action's payload: its data without {@code action}, bound with the
 * application's {@code ObjectMapper} and, for a parameter annotated with {@code @Valid}
 * or {@code @Validated}, validated. Two instances take part: one for
 * {@link Payload @Payload} parameters, among the built-in resolvers, and one for an
 * action's unannotated parameter of a non-simple type, after the application's resolvers.
 */
final class PayloadArgumentResolver implements ChannelArgumentResolver {

	private final CableJson json;

	private final @Nullable Validator validator;

	private final boolean annotated;

	/**
	 * Create a resolver.
	 * @param json the JSON support
	 * @param validator the validator of payloads, {@code null} when the application has
	 * none
	 * @param annotated whether this resolver takes {@code @Payload} parameters, or an
	 * action's unannotated parameters of non-simple types
	 */
	PayloadArgumentResolver(CableJson json, @Nullable Validator validator, boolean annotated) {
		this.json = json;
		this.validator = validator;
		this.annotated = annotated;
	}

	@Override
	public boolean supportsParameter(ChannelMethodParameter parameter) {
		if (this.annotated) {
			return parameter.hasParameterAnnotation(Payload.class);
		}
		return parameter.getKind() == ChannelMethodKind.ACTION
				&& !BeanUtils.isSimpleProperty(parameter.getParameterType());
	}

	@Override
	public ChannelArgumentSource prepare(ChannelMethodParameter parameter) {
		if (parameter.getKind() != ChannelMethodKind.ACTION) {
			throw parameter.invalid("is a payload, but only @Action methods receive one",
					"Remove it, or read the subscription's parameters with @ChannelParam.");
		}
		JavaType type = this.json.mapper().constructType(parameter.getGenericParameterType());
		String method = parameter.getMethodDescription();
		String what = "payload of " + method;
		Object[] hints = validationHints(parameter);
		if (hints == null) {
			return (invocation) -> bind(invocation.payload(), type, what);
		}
		Validator validator = this.validator;
		if (validator == null) {
			throw parameter.invalid("is marked for validation, but the application has no Bean Validation Validator",
					"Add spring-boot-starter-validation (or another jakarta.validation provider), or remove @Valid.");
		}
		return (invocation) -> {
			Object payload = bind(invocation.payload(), type, what);
			BeanPropertyBindingResult errors = new BeanPropertyBindingResult(payload, "payload");
			if (hints.length > 0 && validator instanceof SmartValidator smart) {
				smart.validate(payload, errors, hints);
			}
			else {
				validator.validate(payload, errors);
			}
			if (errors.hasErrors()) {
				throw new ChannelPayloadNotValidException(method, errors);
			}
			return payload;
		};
	}

	private static Object @Nullable [] validationHints(ChannelMethodParameter parameter) {
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			Object[] hints = ValidationAnnotationUtils.determineValidationHints(annotation);
			if (hints != null) {
				return hints;
			}
		}
		return null;
	}

	/**
	 * Bind the data a client sent: data that does not bind is the client's mistake.
	 */
	private Object bind(JsonNode payload, JavaType type, String what) {
		try {
			return this.json.convert(payload, type, what);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidChannelRequestException(ex.getMessage(), ex);
		}
	}

}
