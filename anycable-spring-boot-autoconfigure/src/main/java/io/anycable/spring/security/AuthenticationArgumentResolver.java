package io.anycable.spring.security;

import java.security.Principal;

import io.anycable.spring.channel.method.ChannelArgumentResolver;
import io.anycable.spring.channel.method.ChannelArgumentSource;
import io.anycable.spring.channel.method.ChannelMethodParameter;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.util.StringUtils;

/**
 * Resolves channel method parameters of the current user, as Spring MVC does: an
 * {@link AuthenticationPrincipal @AuthenticationPrincipal} parameter (also as a
 * meta-annotation) gets the principal ({@code null} when it is not of the parameter's
 * type, unless {@code errorOnInvalidType}); a {@link Principal} or {@link Authentication}
 * parameter gets the authentication. The values come from the security context that
 * {@link SecurityContextChannelCallScope} sets for the call; without a user they are
 * {@code null}.
 *
 * @author AnyCable Spring Boot contributors
 */
public class AuthenticationArgumentResolver implements ChannelArgumentResolver {

	private SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * Set the strategy the context is read from.
	 * @param strategy the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		this.strategy = strategy;
	}

	@Override
	public boolean supportsParameter(ChannelMethodParameter parameter) {
		return principalAnnotation(parameter).isPresent()
				|| Principal.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public ChannelArgumentSource prepare(ChannelMethodParameter parameter) {
		MergedAnnotation<AuthenticationPrincipal> annotation = principalAnnotation(parameter);
		Class<?> type = parameter.getParameterType();
		if (!annotation.isPresent()) {
			if (!type.isAssignableFrom(Authentication.class) && !Authentication.class.isAssignableFrom(type)) {
				throw parameter.invalid("is a Principal that is not an Authentication",
						"Declare it as java.security.Principal or Authentication, or use @AuthenticationPrincipal");
			}
			return (invocation) -> {
				Authentication authentication = authentication();
				return type.isInstance(authentication) ? authentication : null;
			};
		}
		if (StringUtils.hasText(annotation.getString("expression"))) {
			throw parameter.invalid("uses @AuthenticationPrincipal(expression = ...), which channels do not support",
					"Take the principal and read the property in the method");
		}
		boolean errorOnInvalidType = annotation.getBoolean("errorOnInvalidType");
		return (invocation) -> {
			Authentication authentication = authentication();
			Object principal = (authentication != null) ? authentication.getPrincipal() : null;
			if (principal == null || type.isInstance(principal)) {
				return principal;
			}
			if (errorOnInvalidType) {
				throw new ClassCastException(principal.getClass().getName() + " is not assignable to " + type.getName()
						+ " (" + parameter + ")");
			}
			return null;
		};
	}

	private @Nullable Authentication authentication() {
		return this.strategy.getContext().getAuthentication();
	}

	private static MergedAnnotation<AuthenticationPrincipal> principalAnnotation(ChannelMethodParameter parameter) {
		return MergedAnnotations.from(parameter.getParameterAnnotations()).get(AuthenticationPrincipal.class);
	}

}
