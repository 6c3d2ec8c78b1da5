package io.anycable.spring.boot.autoconfigure;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that keeps AnyCable's
 * secrets out of Actuator's {@code configprops} and {@code env} endpoints. Boot masks every value unless
 * {@code show-values} is {@code always} or {@code when-authorized}, and then shows them all, {@code anycable.secret}
 * included: this masks, in the {@code anycable} namespace only, every key naming a secret or a key, and URLs
 * that carry credentials ({@code redis://:password@host}).
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration
@ConditionalOnAnyCableEnabled
@ConditionalOnClass(SanitizingFunction.class)
public class AnyCableEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "anyCableSanitizingFunction")
	SanitizingFunction anyCableSanitizingFunction() {
		return SanitizingFunction.sanitizeValue().ifMatches(AnyCableEndpointAutoConfiguration::isSecret);
	}

	static boolean isSecret(SanitizableData data) {
		String key = data.getLowerCaseKey();
		// anycable.broadcast-key in env, anycable.broadcastKey in configprops, ANYCABLE_SECRET from the OS
		if (!key.startsWith("anycable.") && !key.startsWith("anycable_")) {
			return false;
		}
		if (key.contains("secret") || key.contains("key")) {
			return true;
		}
		return data.getValue() != null && data.getValue().toString().toLowerCase(Locale.ROOT).contains("@");
	}

}
