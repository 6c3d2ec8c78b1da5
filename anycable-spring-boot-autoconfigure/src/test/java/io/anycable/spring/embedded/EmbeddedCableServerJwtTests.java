package io.anycable.spring.embedded;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.ConnectionIdentifier;
import io.anycable.spring.channel.annotation.OnSubscribe;
import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.jwt.CableJwtIssuer;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static io.anycable.spring.testsupport.Json.identifier;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * AnyCable JWTs on the embedded server, as anycable-go takes them with
 * {@code --jwt_secret}: a valid token connects without the connection factory, from
 * {@code ?jid=} or the {@code anycable-token.} sub-protocol; an expired one is told to
 * refresh, a forged one is unauthorized.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "server.address=127.0.0.1",
		"anycable.embedded.enabled=true", "anycable.secret=s3Krit", "grpc.server.port=-1" })
class EmbeddedCableServerJwtTests {

	static final Instant NOW = Instant.ofEpochSecond(1_899_996_400L);

	static final String VECTOR = "eyJhbGciOiJIUzI1NiJ9.eyJleHQiOiJ7XCJ1c2VyXCI6XCJqYW5lXCJ9IiwiZXhwIjoxOTAwMDAwMDAwfQ"
			+ ".XfH3PG_Q4XW3RFRjIEvRguP23GI9t98u5ycQAjPzdno";

	static final String WHO = identifier("WhoChannel");

	static final List<String> connects = new CopyOnWriteArrayList<>();

	@LocalServerPort
	private int port;

	@Autowired
	private CableJwtIssuer issuer;

	@BeforeEach
	void clear() {
		connects.clear();
	}

	@Test
	void aValidTokenConnectsWithoutTheConnectionFactory() {
		try (CableClient client = CableClient.toCable(this.port, "?jid=" + VECTOR).connect()) {
			assertThat(client.next().path("type").asText()).isEqualTo("welcome");
			assertThat(client.subscribeConfirmed(WHO).get(0).path("message").asText()).isEqualTo("jane");
		}
		assertThat(connects).isEmpty();
	}

	@Test
	void theTokenSubProtocolCarriesTheTokenLikeAnyCableGo16() {
		try (CableClient client = CableClient.toCable(this.port, "")
			.subprotocols(CableClient.PROTOCOL, "anycable-token." + VECTOR)
			.connect()) {
			assertThat(client.next().path("type").asText()).isEqualTo("welcome");
			assertThat(client.subprotocol()).isEqualTo(CableClient.PROTOCOL);
			assertThat(client.subscribeConfirmed(WHO).get(0).path("message").asText()).isEqualTo("jane");
		}
		assertThat(connects).isEmpty();
	}

	@Test
	void anIssuedTokenConnects() {
		String url = this.issuer.cableUrl("ws://127.0.0.1:" + this.port + "/cable",
				CableIdentifiers.of(Map.of("user", "bob")));
		try (CableClient client = CableClient.to(URI.create(url)).connect()) {
			assertThat(client.next().path("type").asText()).isEqualTo("welcome");
			assertThat(client.subscribeConfirmed(WHO).get(0).path("message").asText()).isEqualTo("bob");
		}
	}

	@Test
	void anExpiredTokenIsToldToRefreshAndClosed() {
		CableJwtIssuer yesterday = new CableJwtIssuer("s3Krit", Duration.ofHours(1), "jid",
				Clock.fixed(NOW.minus(Duration.ofDays(1)), ZoneOffset.UTC));
		String token = yesterday.issue(Map.of("user", "jane"));
		try (CableClient client = CableClient.toCable(this.port, "?jid=" + token).connect()) {
			assertThat(client.next())
				.isEqualTo(Json.parse("{\"type\":\"disconnect\",\"reason\":\"token_expired\",\"reconnect\":false}"));
			assertThat(client.awaitClose().code()).isEqualTo(1000);
		}
		assertThat(connects).isEmpty();
	}

	@Test
	void aForgedTokenIsUnauthorized() {
		String forged = new CableJwtIssuer("guessed", Duration.ofHours(1), "jid", Clock.fixed(NOW, ZoneOffset.UTC))
			.issue(Map.of("user", "admin"));
		try (CableClient client = CableClient.toCable(this.port, "?jid=" + forged).connect()) {
			assertThat(client.next())
				.isEqualTo(Json.parse("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}"));
		}
		assertThat(connects).isEmpty();
	}

	@Test
	void withoutATokenTheConnectionFactoryDecides() {
		try (CableClient client = CableClient.toCable(this.port, "?user=ann").connect()) {
			assertThat(client.next().path("type").asText()).isEqualTo("welcome");
			assertThat(client.subscribeConfirmed(WHO).get(0).path("message").asText()).isEqualTo("ann");
		}
		assertThat(connects).containsExactly("ann");
	}

	@SpringBootApplication
	@Import(WhoChannel.class)
	static class TestApplication {

		@Bean
		Clock clock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

		@Bean
		CableConnectionFactory connectionFactory() {
			return (request) -> {
				String user = request.param("user").orElse("nobody");
				connects.add(user);
				return CableConnection.accept(Map.of("user", user));
			};
		}

	}

	@AnyCableChannel("WhoChannel")
	static class WhoChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle, @ConnectionIdentifier("user") String user) {
			handle.transmit(user);
		}

	}

}
