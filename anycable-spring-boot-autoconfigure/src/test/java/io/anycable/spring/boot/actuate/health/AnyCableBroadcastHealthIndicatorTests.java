package io.anycable.spring.boot.actuate.health;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.broadcast.HttpBroadcastTransport;
import io.anycable.spring.broadcast.NatsBroadcastTransport;
import io.anycable.spring.broadcast.RedisBroadcastTransport;
import io.anycable.spring.testsupport.FreePorts;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker that cannot be reached is reported DOWN with the reason and where the
 * broadcasts go, never with the credentials of that address.
 */
class AnyCableBroadcastHealthIndicatorTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	@Test
	void unreachableRedisIsDownWithTheReasonAndTheServerWithoutItsPassword() {
		int port = FreePorts.find();
		RedisURI uri = RedisURI.create("redis://:pa55word@127.0.0.1:" + port + "/2");
		uri.setTimeout(TIMEOUT);
		try (RedisBroadcastTransport transport = RedisBroadcastTransport.publish(uri, "__anycable__")) {
			Health health = new AnyCableBroadcastHealthIndicator(transport).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("adapter", "redis")
				.containsEntry("target", "redis://127.0.0.1:" + port + "/2");
			assertThat((String) health.getDetails().get("error")).contains("127.0.0.1").contains(String.valueOf(port));
			assertThat(health.toString()).doesNotContain("pa55word");
		}
	}

	@Test
	void unreachableHttpEndpointIsDownWithTheReasonAndTheUrlWithoutUserInfo() {
		int port = FreePorts.find();
		HttpBroadcastTransport transport = new HttpBroadcastTransport(
				URI.create("http://jane:pa55word@127.0.0.1:" + port + "/_broadcast"), "k3y", TIMEOUT);
		Health health = new AnyCableBroadcastHealthIndicator(transport).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("adapter", "http")
			.containsEntry("target", "http://127.0.0.1:" + port + "/_broadcast");
		assertThat((String) health.getDetails().get("error")).contains("Connection refused");
		assertThat(health.toString()).doesNotContain("pa55word").doesNotContain("jane").doesNotContain("k3y");
	}

	@Test
	void unreachableNatsIsDownWithTheReasonAndTheServersWithoutCredentials() throws Exception {
		int first = FreePorts.find();
		int second = FreePorts.find();
		try (NatsBroadcastTransport transport = new NatsBroadcastTransport(
				List.of("nats://jane:pa55word@127.0.0.1:" + first, "nats://t0ken@127.0.0.1:" + second), "__anycable__",
				TIMEOUT)) {
			Health health = new AnyCableBroadcastHealthIndicator(transport).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("adapter", "nats")
				.containsEntry("target", "nats://127.0.0.1:" + first + ",nats://127.0.0.1:" + second);
			assertThat((String) health.getDetails().get("error")).isNotBlank();
			assertThat(health.toString()).doesNotContain("pa55word").doesNotContain("t0ken");
		}
	}

	@Test
	void transportThatOnlyAnswersIsConnectedIsDownWithAGenericReason() {
		Health health = new AnyCableBroadcastHealthIndicator(new BroadcastTransport() {

			@Override
			public String name() {
				return "custom";
			}

			@Override
			public void publish(String publication) {
			}

			@Override
			public boolean isConnected() {
				return false;
			}

		}).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails())
			.isEqualTo(Map.of("adapter", "custom", "target", "custom", "error", "The custom broker cannot be reached"));
	}

}
