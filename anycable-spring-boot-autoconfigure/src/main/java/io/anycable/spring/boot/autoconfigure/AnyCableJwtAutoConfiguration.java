package io.anycable.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.nimbusds.jwt.SignedJWT;
import io.anycable.spring.jwt.CableJwtIssuer;
import io.anycable.spring.jwt.CableJwtVerifier;
import io.anycable.spring.support.AnyCableSecrets;
import io.anycable.spring.support.CableJson;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of AnyCable JWT identification when a secret is configured
 * ({@code anycable.jwt-secret}, else {@code anycable.secret}): a {@link CableJwtIssuer}
 * for pages and a {@link CableJwtVerifier} that the RPC handler (and so the embedded
 * server) answers Connect with, as anycable-go does with {@code --jwt_secret}.
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration(before = AnyCableAutoConfiguration.class)
@ConditionalOnAnyCableEnabled
@ConditionalOnClass(SignedJWT.class)
@Conditional(AnyCableJwtAutoConfiguration.OnJwtSecretCondition.class)
public class AnyCableJwtAutoConfiguration {

	private static final Log logger = LogFactory.getLog(AnyCableJwtAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	CableJwtIssuer cableJwtIssuer(AnyCableProperties properties, ObjectProvider<Clock> clock) {
		String secret = secret(properties);
		if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
			logger.warn("The AnyCable JWT secret is shorter than 32 bytes: HS256 tokens are only as hard to forge "
					+ "as the secret is to guess. Use a long random secret in production.");
		}
		return new CableJwtIssuer(secret, properties.getJwtTtl(), properties.getJwtParam(),
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	CableJwtVerifier cableJwtVerifier(AnyCableProperties properties, CableJson cableJson, ObjectProvider<Clock> clock) {
		return new CableJwtVerifier(secret(properties), properties.getJwtParam(), properties.isEnforceJwt(), cableJson,
				clock.getIfAvailable(Clock::systemUTC));
	}

	private static String secret(AnyCableProperties properties) {
		String secret = AnyCableSecrets.jwtSecret(properties.getJwtSecret(), properties.getSecret());
		if (secret == null) {
			throw new IllegalStateException("No AnyCable JWT secret although the condition found one");
		}
		return secret;
	}

	static class OnJwtSecretCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Binder binder = Binder.get(context.getEnvironment());
			String secret = AnyCableSecrets.jwtSecret(binder.bind("anycable.jwt-secret", String.class).orElse(null),
					binder.bind("anycable.secret", String.class).orElse(null));
			return (secret != null) ? ConditionOutcome.match("an AnyCable JWT secret is configured")
					: ConditionOutcome.noMatch("neither anycable.jwt-secret nor anycable.secret is set");
		}

	}

}
