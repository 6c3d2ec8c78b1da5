package io.anycable.spring.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.testsupport.FreePorts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RedisBroadcastTransport} against a real Redis, read the way
 * anycable-go reads it.
 */
class RedisBroadcastTransportTests {

	private static final ObjectMapper mapper = new ObjectMapper();

	private static TestRedisServer redis;

	private static RedisClient reader;

	private RedisBroadcastTransport transport;

	@BeforeAll
	static void startRedis() {
		redis = TestRedisServer.start();
		reader = RedisClient.create(redis.uri());
	}

	@AfterAll
	static void stopRedis() throws Exception {
		reader.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		redis.close();
	}

	@AfterEach
	void closeTransport() {
		if (this.transport != null) {
			this.transport.close();
		}
	}

	@Test
	void publishesToTheChannelAnyCableGoSubscribesTo() throws Exception {
		BlockingQueue<String> received = subscribe("__anycable__");
		this.transport = RedisBroadcastTransport.publish(timeout(redis.uri()), "__anycable__");
		CableBroadcaster broadcaster = TestBroadcasts.broadcaster(this.transport);

		broadcaster.broadcast("chat/1", Map.of("text", "hi"), BroadcastOptions.defaults().excludeSocket("sid-1"));
		broadcaster.batch(() -> {
			broadcaster.broadcast("chat/1", "one");
			broadcaster.broadcast("chat/2", 2, BroadcastOptions.defaults().asTransient());
		});
		broadcaster.disconnect("{\"user_id\":42}", false);

		JsonNode message = next(received);
		assertThat(message.get("stream").asText()).isEqualTo("chat/1");
		assertThat(mapper.readTree(message.get("data").asText())).isEqualTo(mapper.readTree("{\"text\":\"hi\"}"));
		assertThat(message.get("meta")).isEqualTo(mapper.readTree("{\"exclude_socket\":\"sid-1\"}"));
		JsonNode batch = next(received);
		assertThat(batch).isEqualTo(mapper.readTree("[{\"stream\":\"chat/1\",\"data\":\"\\\"one\\\"\"},"
				+ "{\"stream\":\"chat/2\",\"data\":\"2\",\"meta\":{\"transient\":true}}]"));
		assertThat(next(received)).isEqualTo(mapper.readTree("{\"command\":\"disconnect\","
				+ "\"payload\":{\"identifier\":\"{\\\"user_id\\\":42}\",\"reconnect\":false}}"));
		assertThat(this.transport.name()).isEqualTo("redis");
	}

	@Test
	void addsToTheStreamAnyCableGoReads() throws Exception {
		this.transport = RedisBroadcastTransport.addToStream(timeout(redis.uri()), "__anycable_x__");
		CableBroadcaster broadcaster = TestBroadcasts.broadcaster(this.transport);

		broadcaster.broadcast("chat/1", Map.of("text", "hi"));
		broadcaster.batch(() -> {
			broadcaster.broadcast("a", 1);
			broadcaster.broadcast("b", 2);
		});

		try (StatefulRedisConnection<String, String> connection = reader.connect()) {
			List<StreamMessage<String, String>> entries = connection.sync()
				.xread(StreamOffset.from("__anycable_x__", "0"));
			assertThat(entries).hasSize(2);
			assertThat(entries.get(0).getBody()).containsOnlyKeys("payload");
			assertThat(mapper.readTree(entries.get(0).getBody().get("payload")))
				.isEqualTo(mapper.readTree("{\"stream\":\"chat/1\",\"data\":\"{\\\"text\\\":\\\"hi\\\"}\"}"));
			assertThat(mapper.readTree(entries.get(1).getBody().get("payload")))
				.isEqualTo(mapper.readTree("[{\"stream\":\"a\",\"data\":\"1\"},{\"stream\":\"b\",\"data\":\"2\"}]"));
		}
		assertThat(this.transport.name()).isEqualTo("redisx");
	}

	@Test
	void noTimeLeftFailsWithoutSending() throws Exception {
		BlockingQueue<String> received = subscribe("__anycable__");
		this.transport = RedisBroadcastTransport.publish(timeout(redis.uri()), "__anycable__");
		assertThatExceptionOfType(RedisCommandTimeoutException.class)
			.isThrownBy(() -> this.transport.publish("{}", Duration.ZERO));
		this.transport.publish("{\"stream\":\"a\",\"data\":\"1\"}", Duration.ofSeconds(1));
		assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"stream\":\"a\",\"data\":\"1\"}");
		assertThat(received).isEmpty();
	}

	@Test
	void reportsWhetherRedisIsReachable() throws Exception {
		this.transport = RedisBroadcastTransport.publish(timeout(redis.uri()), "__anycable__");
		assertThat(this.transport.isConnected()).isTrue();
		try (RedisBroadcastTransport nowhere = RedisBroadcastTransport
			.publish(timeout(RedisURI.create("redis://127.0.0.1:" + FreePorts.find())), "__anycable__")) {
			assertThat(nowhere.isConnected()).isFalse();
		}
	}

	@Test
	void descriptionHidesThePassword() {
		try (RedisBroadcastTransport secured = RedisBroadcastTransport
			.publish(RedisURI.create("redis://user:s3cr3t@127.0.0.1:6379"), "__anycable__")) {
			assertThat(secured.toString()).contains("redis '__anycable__' at").doesNotContain("s3cr3t");
		}
	}

	@Test
	void sharesOneConnectionBetweenThreads() throws Exception {
		BlockingQueue<String> received = subscribe("__anycable_threads__");
		this.transport = RedisBroadcastTransport.publish(timeout(redis.uri()), "__anycable_threads__");
		CableBroadcaster broadcaster = TestBroadcasts.broadcaster(this.transport);
		TestBroadcasts.broadcastConcurrently(broadcaster, "load", 400);
		Set<String> data = new HashSet<>();
		for (int i = 0; i < 400; i++) {
			data.add(next(received).get("data").asText());
		}
		assertThat(data).hasSize(400).contains("0", "399");
	}

	@Test
	void broadcastAsyncKeepsManyPublicationsInFlightFromOneThreadInOrder() throws Exception {
		BlockingQueue<String> received = subscribe("__anycable_async__");
		this.transport = RedisBroadcastTransport.publish(timeout(redis.uri()), "__anycable_async__");
		CableBroadcaster broadcaster = TestBroadcasts.broadcaster(this.transport);
		List<CompletableFuture<Void>> sent = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			sent.add(broadcaster.broadcastAsync("load", i));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
		for (int i = 0; i < 500; i++) {
			assertThat(next(received).get("data").asText()).isEqualTo(String.valueOf(i));
		}
	}

	@Test
	void broadcastsSentFromCompletionCallbacksOnTheIoThreadAllArrive() throws Exception {
		BlockingQueue<String> received = subscribe("__anycable_chained__");
		this.transport = RedisBroadcastTransport.publish(timeout(redis.uri()), "__anycable_chained__");
		CableBroadcaster broadcaster = TestBroadcasts.broadcaster(this.transport);
		CompletableFuture<Void> last = new CompletableFuture<>();
		chain(broadcaster, 0, 300, last);
		last.get(5, TimeUnit.SECONDS);
		for (int i = 0; i < 300; i++) {
			assertThat(next(received).get("data").asText()).isEqualTo(String.valueOf(i));
		}
	}

	/**
	 * Broadcast i, and from its completion (on Lettuce's event loop, while it reads
	 * replies) the next one.
	 */
	private static void chain(CableBroadcaster broadcaster, int i, int count, CompletableFuture<Void> last) {
		broadcaster.broadcastAsync("load", i).whenComplete((sent, failure) -> {
			if (failure != null) {
				last.completeExceptionally(failure);
			}
			else if (i + 1 == count) {
				last.complete(null);
			}
			else {
				chain(broadcaster, i + 1, count, last);
			}
		});
	}

	@Test
	void redisxAddsAsynchronousBroadcastsToTheStream() throws Exception {
		this.transport = RedisBroadcastTransport.addToStream(timeout(redis.uri()), "__anycable_x_async__");
		TestBroadcasts.broadcaster(this.transport).broadcastAsync("chat/1", "hi").get(5, TimeUnit.SECONDS);
		try (StatefulRedisConnection<String, String> connection = reader.connect()) {
			assertThat(connection.sync().xread(StreamOffset.from("__anycable_x_async__", "0"))).singleElement()
				.satisfies((entry) -> assertThat(entry.getBody())
					.containsExactly(Map.entry("payload", "{\"stream\":\"chat/1\",\"data\":\"\\\"hi\\\"\"}")));
		}
	}

	private static RedisURI timeout(RedisURI uri) {
		uri.setTimeout(Duration.ofSeconds(2));
		return uri;
	}

	private static BlockingQueue<String> subscribe(String channel) {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		StatefulRedisPubSubConnection<String, String> connection = reader.connectPubSub();
		connection.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(String channel, String message) {
				received.add(message);
			}

		});
		connection.sync().subscribe(channel);
		return received;
	}

	private static JsonNode next(BlockingQueue<String> received) throws Exception {
		String message = received.poll(5, TimeUnit.SECONDS);
		assertThat(message).as("publication within 5s").isNotNull();
		return mapper.readTree(message);
	}

}
