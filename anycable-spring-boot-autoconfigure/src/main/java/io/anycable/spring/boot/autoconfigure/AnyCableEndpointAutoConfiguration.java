package io.anycable.spring.boot.autoconfigure;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that keeps AnyCable's secrets out of Actuator's {@code configprops}
 * and {@code env} endpoints. Boot masks every value unless {@code show-values} is
 * {@code always} or {@code when-authorized}, and then shows them all,
 * {@code anycable.secret} included: this masks, in the {@code anycable} namespace only,
 * every key naming a secret or a key, and URLs that carry credentials
 * ({@code redis://:password@host}). The same values passed as command-line arguments
 * ({@code --anycable.secret=...}) are also masked inside the {@code sun.java.command}
 * system property, which repeats the whole command line.
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration
@ConditionalOnAnyCableEnabled
@ConditionalOnClass(SanitizingFunction.class)
public class AnyCableEndpointAutoConfiguration {

	private static final String JAVA_COMMAND = "sun.java.command";

	// --anycable.<key>=<value>, the value running up to the next option: the JVM joins
	// the arguments with
	// spaces, so a value with spaces cannot be told from positional arguments and is
	// masked with them
	private static final Pattern COMMAND_LINE_PROPERTY = Pattern
		.compile("(?i)(--(anycable[._-][^\\s=]*)=)(\\S*(?:\\s+[^\\s-]\\S*)*)");

	@Bean
	@ConditionalOnMissingBean(name = "anyCableSanitizingFunction")
	SanitizingFunction anyCableSanitizingFunction() {
		return AnyCableEndpointAutoConfiguration::sanitize;
	}

	private static SanitizableData sanitize(SanitizableData data) {
		if (JAVA_COMMAND.equals(data.getLowerCaseKey()) && data.getValue() instanceof String command) {
			String masked = maskCommandLine(command);
			return masked.equals(command) ? data : data.withValue(masked);
		}
		return isSecret(data) ? data.withSanitizedValue() : data;
	}

	private static boolean isSecret(SanitizableData data) {
		// anycable.broadcast-key in env, anycable.broadcastKey in configprops,
		// ANYCABLE_SECRET from the OS
		String key = data.getLowerCaseKey();
		return (key.startsWith("anycable.") || key.startsWith("anycable_")) && isSecret(key, data.getValue());
	}

	private static boolean isSecret(String lowerCaseKey, @Nullable Object value) {
		if (lowerCaseKey.contains("secret") || lowerCaseKey.contains("key")) {
			return true;
		}
		return value != null && value.toString().toLowerCase(Locale.ROOT).contains("@");
	}

	private static String maskCommandLine(String command) {
		Matcher matcher = COMMAND_LINE_PROPERTY.matcher(command);
		StringBuilder masked = new StringBuilder();
		while (matcher.find()) {
			String key = matcher.group(2).toLowerCase(Locale.ROOT);
			String replacement = isSecret(key, matcher.group(3)) ? matcher.group(1) + SanitizableData.SANITIZED_VALUE
					: matcher.group();
			matcher.appendReplacement(masked, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(masked);
		return masked.toString();
	}

}
