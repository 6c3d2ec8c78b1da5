package io.anycable.spring.broadcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link NatsBroadcastTransport} against a real nats-server (tagged
 * {@code integration}: run with {@code -Pintegration}, which needs the nats-server
 * binary).
 */
@Tag("integration")
class NatsBroadcastTransportTests {

	private static final ObjectMapper mapper = new ObjectMapper();

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final TestNatsServer nats = TestNatsServer.start();

	private final NatsBroadcastTransport transport = new NatsBroadcastTransport(List.of(this.nats.url()),
			"__anycable__", TIMEOUT);

	private final CableBroadcaster broadcaster = TestBroadcasts.broadcaster(this.transport);

	NatsBroadcastTransportTests() throws InterruptedException {
	}

	@AfterEach
	void stop() throws Exception {
		this.transport.close();
		this.nats.close();
	}

	@Test
	void publishesToTheSubjectAnyCableGoSubscribesTo() throws Exception {
		try (Connection reader = Nats.connect(this.nats.url())) {
			Subscription subscription = reader.subscribe("__anycable__");
			reader.flush(TIMEOUT);

			this.broadcaster.broadcast("chat/1", Map.of("text", "hi"), BroadcastOptions.defaults().asTransient());
			this.broadcaster.batch(() -> {
				this.broadcaster.broadcast("a", 1);
				this.broadcaster.broadcast("b", 2);
			});

			assertThat(next(subscription)).isEqualTo(mapper.readTree(
					"{\"stream\":\"chat/1\",\"data\":\"{\\\"text\\\":\\\"hi\\\"}\",\"meta\":{\"transient\":true}}"));
			assertThat(next(subscription))
				.isEqualTo(mapper.readTree("[{\"stream\":\"a\",\"data\":\"1\"},{\"stream\":\"b\",\"data\":\"2\"}]"));
		}
		assertThat(this.transport.isConnected()).isTrue();
	}

	@Test
	void noTimeLeftFailsWithoutSending() throws Exception {
		try (Connection reader = Nats.connect(this.nats.url())) {
			Subscription subscription = reader.subscribe("__anycable__");
			reader.flush(TIMEOUT);
			assertThatExceptionOfType(TimeoutException.class)
				.isThrownBy(() -> this.transport.publish("{}", Duration.ZERO))
				.withMessage("No time left to publish to NATS");
			assertThat(subscription.nextMessage(Duration.ofMillis(300))).isNull();
		}
	}

	@Test
	void concurrentBroadcastsAreAllConfirmedOnOneConnection() throws Exception {
		try (Connection reader = Nats.connect(this.nats.url())) {
			Subscription subscription = reader.subscribe("__anycable__");
			reader.flush(TIMEOUT);
			TestBroadcasts.broadcastConcurrently(this.broadcaster, "load", 800);
			Set<String> data = new HashSet<>();
			for (int i = 0; i < 800; i++) {
				data.add(next(subscription).get("data").asText());
			}
			assertThat(data).hasSize(800);
		}
		assertThat(this.transport.isConnected()).isTrue();
	}

	@Test
	void failsFastWhileNatsIsDownAndReconnectsWhenItIsBack() throws Exception {
		this.broadcaster.broadcast("a", 1);

		this.nats.stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.transport.isConnected());
		long start = System.nanoTime();
		assertThatExceptionOfType(BroadcastException.class).isThrownBy(() -> this.broadcaster.broadcast("a", 2))
			.withMessageStartingWith("Failed to send broadcast to stream 'a' via nats: ");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(500));

		this.nats.restart();
		await().atMost(Duration.ofSeconds(10)).until(this.transport::isConnected);
		try (Connection reader = Nats.connect(this.nats.url())) {
			Subscription subscription = reader.subscribe("__anycable__");
			reader.flush(TIMEOUT);
			this.broadcaster.broadcast("a", 3);
			assertThat(next(subscription).get("data").asText()).isEqualTo("3");
		}
	}

	@Test
	void failsWithinTheTimeoutWhenNoServerIsUp() throws Exception {
		this.nats.stop();
		long start = System.nanoTime();
		assertThatExceptionOfType(BroadcastException.class).isThrownBy(() -> this.broadcaster.broadcast("a", 1))
			.withMessageContaining("via nats");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
		assertThat(this.transport.isConnected()).isFalse();
	}

	private static JsonNode next(Subscription subscription) throws Exception {
		Message message = subscription.nextMessage(Duration.ofSeconds(5));
		assertThat(message).as("publication within 5s").isNotNull();
		return mapper.readTree(new String(message.getData(), StandardCharsets.UTF_8));
	}

}
