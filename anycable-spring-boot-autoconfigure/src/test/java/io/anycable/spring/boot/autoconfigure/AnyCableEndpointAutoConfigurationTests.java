package io.anycable.spring.boot.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code /actuator/env} shows of AnyCable's secrets with {@code show-values=always},
 * through Boot's own endpoint and the starter's sanitizing function.
 */
class AnyCableEndpointAutoConfigurationTests {

	private final SanitizingFunction function = new AnyCableEndpointAutoConfiguration().anyCableSanitizingFunction();

	@Test
	void secretsPassedOnTheCommandLineAreMaskedInTheJavaCommand() {
		String command = "chat.jar --server.port=8080 --anycable.secret=s3Krit --anycable.redis-url=redis://:pa55@redis:6379 "
				+ "--anycable.broadcast_key=k3y --anycable.rpc-host=127.0.0.1:50051";
		assertThat(javaCommand(command)).isEqualTo("chat.jar --server.port=8080 --anycable.secret=****** "
				+ "--anycable.redis-url=****** --anycable.broadcast_key=****** --anycable.rpc-host=127.0.0.1:50051");
	}

	@Test
	void aSecretWithSpacesIsMaskedUpToTheNextOption() {
		assertThat(javaCommand("io.example.Chat --anycable.secret=two words --debug"))
			.isEqualTo("io.example.Chat --anycable.secret=****** --debug");
	}

	@Test
	void aJavaCommandWithoutSecretsOfOursIsShownAsItIs() {
		assertThat(javaCommand("chat.jar --anycable.rpc-pool-size=40 --spring.profiles.active=prod"))
			.isEqualTo("chat.jar --anycable.rpc-pool-size=40 --spring.profiles.active=prod");
	}

	@Test
	void anycableKeysNamingSecretsAreMasked() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(
					new MapPropertySource("test", Map.of("anycable.secret", "s3Krit", "anycable.rpc-pool-size", "7")));
		EnvironmentEndpoint endpoint = new EnvironmentEndpoint(environment, List.of(this.function), Show.ALWAYS);
		assertThat(endpoint.environmentEntry("anycable.secret").getProperty().getValue()).isEqualTo("******");
		assertThat(endpoint.environmentEntry("anycable.rpc-pool-size").getProperty().getValue()).isEqualTo("7");
	}

	private Object javaCommand(String command) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("systemProperties", Map.of("sun.java.command", command)));
		EnvironmentEndpoint endpoint = new EnvironmentEndpoint(environment, List.of(this.function), Show.ALWAYS);
		return endpoint.environmentEntry("sun.java.command").getProperty().getValue();
	}

}
