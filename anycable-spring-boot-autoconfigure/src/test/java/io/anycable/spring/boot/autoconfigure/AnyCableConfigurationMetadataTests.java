package io.anycable.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.rpc.RpcRequestLimits;
import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an IDE shows for the starter's keys: the metadata the configuration processor
 * generates (merged with {@code additional-spring-configuration-metadata.json}), read
 * from the classpath as an IDE reads it from the jar.
 */
class AnyCableConfigurationMetadataTests {

	private final JsonNode metadata = readMetadata();

	@Test
	void requestLimitsShowTheirDefaults() {
		assertThat(defaultValue("anycable.rpc-max-json-depth").asInt()).isEqualTo(100);
		assertThat(defaultValue("anycable.rpc-max-identifier-size").asText()).isEqualTo("64KB");
		assertThat(defaultValue("anycable.rpc-max-state-size").asText()).isEqualTo("1MB");
		assertThat(defaultValue("anycable.rpc-max-response-size").asText()).isEqualTo("4MB");
	}

	@Test
	void shownDefaultsAreTheOnesInEffect() {
		// the processor only reads literals, so the properties repeat the values of the
		// constants the code uses
		AnyCableProperties properties = new AnyCableProperties();
		assertThat(properties.getRpcMaxJsonDepth()).isEqualTo(RpcRequestLimits.DEFAULT_MAX_JSON_DEPTH);
		assertThat(properties.getRpcMaxIdentifierSize())
			.isEqualTo(DataSize.ofBytes(RpcRequestLimits.DEFAULT_MAX_IDENTIFIER_LENGTH));
		assertThat(properties.getRpcMaxStateSize())
			.isEqualTo(DataSize.ofBytes(RpcRequestLimits.DEFAULT_MAX_STATE_LENGTH));
		assertThat(properties.getRpcMaxResponseSize())
			.isEqualTo(DataSize.ofBytes(AnyCableGrpcService.DEFAULT_MAX_RESPONSE_SIZE));
		assertThat(properties.getEmbedded().getAllowedOrigins()).isEmpty();
		assertThat(properties.getEmbedded().getHeaders()).containsExactly("cookie");
	}

	@Test
	void shutdownGracePeriodShowsItsDefault() {
		assertThat(defaultValue("anycable.shutdown-grace-period").asText()).isEqualTo("5s");
		assertThat(property("anycable.shutdown-grace-period").path("description").asText())
			.contains("Ends early once no client of anycable.RPC is connected");
	}

	@Test
	void embeddedListsShowTheirDefaults() {
		// none besides the application's own origin, which the description explains
		assertThat(property("anycable.embedded.allowed-origins").has("defaultValue")).isFalse();
		assertThat(defaultValue("anycable.embedded.headers")).containsExactly(new ObjectMapper().valueToTree("cookie"));
	}

	@Test
	void healthContributorSwitchIsDescribed() {
		JsonNode property = property("management.health.anycable.enabled");
		assertThat(property.path("type").asText()).isEqualTo("java.lang.Boolean");
		assertThat(property.path("defaultValue").asBoolean(false)).isTrue();
		assertThat(property.path("description").asText()).startsWith("Whether to enable");
	}

	private JsonNode defaultValue(String name) {
		JsonNode value = property(name).get("defaultValue");
		assertThat(value).as("default value of %s", name).isNotNull();
		return value;
	}

	private JsonNode property(String name) {
		for (JsonNode property : this.metadata.path("properties")) {
			if (name.equals(property.path("name").asText())) {
				return property;
			}
		}
		throw new AssertionError("No metadata for " + name);
	}

	// every Boot jar has a file of that name: take the one next to AnyCableProperties
	private static JsonNode readMetadata() {
		String location = AnyCableProperties.class.getProtectionDomain().getCodeSource().getLocation().toString();
		try {
			List<URL> candidates = Collections.list(AnyCableConfigurationMetadataTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"));
			URL ours = candidates.stream()
				.filter((url) -> url.toString().startsWith(location) || url.toString().startsWith("jar:" + location))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No metadata under " + location + " in " + candidates));
			try (InputStream in = ours.openStream()) {
				return new ObjectMapper().readTree(in);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
