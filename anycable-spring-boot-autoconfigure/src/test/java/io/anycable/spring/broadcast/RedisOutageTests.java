package io.anycable.spring.broadcast;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What a broadcaster does when Redis goes away and comes back: fail loudly within the
 * timeout, then recover without help.
 */
class RedisOutageTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final TestRedisServer redis = TestRedisServer.start();

	private final RedisBroadcastTransport transport = RedisBroadcastTransport.publish(uri(this.redis), "__anycable__");

	private final CableBroadcaster broadcaster = TestBroadcasts.broadcaster(this.transport);

	@AfterEach
	void stop() throws Exception {
		this.transport.close();
		this.redis.close();
	}

	@Test
	void failsFastWhileRedisIsDownAndRecoversWhenItIsBack() throws Exception {
		this.broadcaster.broadcast("a", 1);

		this.redis.stop();
		for (int i = 0; i < 3; i++) {
			long start = System.nanoTime();
			assertThatExceptionOfType(BroadcastException.class).isThrownBy(() -> this.broadcaster.broadcast("a", 2))
				.withMessageStartingWith("Failed to send broadcast to stream 'a' via redis: ");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(500));
		}
		assertThat(this.transport.isConnected()).isFalse();

		this.redis.restart();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptionsInstanceOf(BroadcastException.class)
			.untilAsserted(() -> this.broadcaster.broadcast("a", 3));
		assertThat(this.transport.isConnected()).isTrue();
		RedisClient reader = RedisClient.create(this.redis.uri());
		try (StatefulRedisPubSubConnection<String, String> connection = reader.connectPubSub()) {
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			connection.addListener(new RedisPubSubAdapter<>() {

				@Override
				public void message(String channel, String message) {
					received.add(message);
				}

			});
			connection.sync().subscribe("__anycable__");
			this.broadcaster.broadcast("a", 4);
			assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"stream\":\"a\",\"data\":\"4\"}");
		}
		finally {
			reader.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void failsWithinTheTimeoutWhenRedisIsDownFromTheStart() throws Exception {
		this.redis.stop();
		long start = System.nanoTime();
		assertThatExceptionOfType(BroadcastException.class).isThrownBy(() -> this.broadcaster.broadcast("a", 1))
			.withMessageContaining("via redis");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(500));

		this.redis.restart();
		this.broadcaster.broadcast("a", 2);
	}

	@Test
	void broadcastAsyncFailsItsFutureWithinTheTimeoutWhileRedisIsDown() throws Exception {
		this.broadcaster.broadcastAsync("a", 1).get(5, TimeUnit.SECONDS);

		this.redis.stop();
		long start = System.nanoTime();
		assertThat(this.broadcaster.broadcastAsync("a", 2)).failsWithin(TIMEOUT.plusMillis(500))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(BroadcastException.class)
			.withMessageStartingWith("Failed to send broadcast to stream 'a' via redis: ");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(500));

		this.redis.restart();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(this.broadcaster.broadcastAsync("a", 3)).succeedsWithin(TIMEOUT));
	}

	private static RedisURI uri(TestRedisServer redis) {
		RedisURI uri = redis.uri();
		uri.setTimeout(TIMEOUT);
		return uri;
	}

}
