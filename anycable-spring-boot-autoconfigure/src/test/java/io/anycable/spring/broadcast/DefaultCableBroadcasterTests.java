package io.anycable.spring.broadcast;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.support.CableJson;
import io.grpc.Context;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link DefaultCableBroadcaster}: the exact publications anycable-go reads.
 */
class DefaultCableBroadcasterTests {

	private final RecordingTransport transport = new RecordingTransport();

	private String currentSocketId;

	private final DefaultCableBroadcaster broadcaster = new DefaultCableBroadcaster(this.transport,
			new CableJson(new ObjectMapper()), () -> this.currentSocketId, true);

	@Test
	void duringACallWithADeadlineASendGetsTheTimeLeftLessTheAnswersShare() throws Exception {
		inCallWithDeadline(Duration.ofSeconds(3), () -> {
			this.broadcaster.broadcast("a", 1);
			this.broadcaster.broadcastAsync("a", 2);
		});
		this.broadcaster.broadcast("a", 3);
		assertThat(this.transport.publications()).hasSize(3);
		assertThat(this.transport.timeLimits()).hasSize(2)
			.allSatisfy((limit) -> assertThat(limit).isBetween(Duration.ofMillis(2000), Duration.ofMillis(2750)));
	}

	@Test
	void aCallWithoutTimeLeftFailsItsBroadcastAtOnce() throws Exception {
		inCallWithDeadline(Duration.ofMillis(200), () -> {
			assertThatExceptionOfType(BroadcastException.class).isThrownBy(() -> this.broadcaster.broadcast("a", 1))
				.withMessageContaining("the RPC call's deadline leaves no time to broadcast");
			assertThat(this.broadcaster.broadcastAsync("a", 2)).isCompletedExceptionally();
		});
		assertThat(this.transport.publications()).isEmpty();
	}

	@Test
	void remoteDisconnectOfNoIdentifiersIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.broadcaster.disconnect(Map.of(), false))
			.withMessageContaining("would close every anonymous connection");
		assertThatIllegalArgumentException().isThrownBy(() -> this.broadcaster.disconnect("{}", false));
		assertThat(this.transport.publications()).isEmpty();
	}

	private static void inCallWithDeadline(Duration deadline, Runnable work) {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		try {
			Context.current().withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS, scheduler).run(work);
		}
		finally {
			scheduler.shutdownNow();
		}
	}

	@Test
	void writesPayloadAsJsonStringInData() {
		this.broadcaster.broadcast("chat/1", Map.of("text", "hi"));
		assertThat(this.transport.publications())
			.containsExactly("{\"stream\":\"chat/1\",\"data\":\"{\\\"text\\\":\\\"hi\\\"}\"}");
	}

	@Test
	void encodesStringPayloadAsJsonStringLikeRails() {
		this.broadcaster.broadcast("a", "x");
		assertThat(this.transport.publications()).containsExactly("{\"stream\":\"a\",\"data\":\"\\\"x\\\"\"}");
	}

	@Test
	void writesPayloadWithTheApplicationObjectMapper() {
		ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
		DefaultCableBroadcaster snakeCase = new DefaultCableBroadcaster(this.transport, new CableJson(mapper),
				() -> null, true);
		snakeCase.broadcast("a", new Message("Vova", 2));
		assertThat(this.transport.publications())
			.containsExactly("{\"stream\":\"a\",\"data\":\"{\\\"user_name\\\":\\\"Vova\\\",\\\"count\\\":2}\"}");
	}

	@Test
	void writesMetaForExcludedSocketAndTransientMessage() {
		this.broadcaster.broadcast("a", 1, BroadcastOptions.defaults().excludeSocket("sid-1").asTransient());
		this.broadcaster.broadcast("a", 2, BroadcastOptions.defaults().asTransient());
		assertThat(this.transport.publications()).containsExactly(
				"{\"stream\":\"a\",\"data\":\"1\",\"meta\":{\"exclude_socket\":\"sid-1\",\"transient\":true}}",
				"{\"stream\":\"a\",\"data\":\"2\",\"meta\":{\"transient\":true}}");
	}

	@Test
	void toOthersLeavesOutTheCurrentClient() {
		this.currentSocketId = "sid-7";
		this.broadcaster.broadcast("a", 1, BroadcastOptions.defaults().toOthers());
		this.broadcaster.broadcast("a", 2, BroadcastOptions.defaults().toOthers().excludeSocket("explicit"));
		this.broadcaster.broadcast("a", 3);
		assertThat(this.transport.publications()).containsExactly(
				"{\"stream\":\"a\",\"data\":\"1\",\"meta\":{\"exclude_socket\":\"sid-7\"}}",
				"{\"stream\":\"a\",\"data\":\"2\",\"meta\":{\"exclude_socket\":\"explicit\"}}",
				"{\"stream\":\"a\",\"data\":\"3\"}");
	}

	@Test
	void toOthersWithoutKnownClientSendsToEveryone() {
		this.broadcaster.broadcast("a", 1, BroadcastOptions.defaults().toOthers());
		assertThat(this.transport.publications()).containsExactly("{\"stream\":\"a\",\"data\":\"1\"}");
	}

	@Test
	void disconnectSendsRemoteCommandWithCanonicalIdentifiers() {
		this.broadcaster.disconnect("{\"user_id\":42}", true);
		assertThat(this.transport.publications()).containsExactly("{\"command\":\"disconnect\","
				+ "\"payload\":{\"identifier\":\"{\\\"user_id\\\":42}\",\"reconnect\":true}}");
	}

	@Test
	void disconnectCanonicalizesIdentifiersWrittenInAnotherOrder() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("user", "jane");
		values.put("org", Map.of("name", "acme", "id", 7));
		this.broadcaster.disconnect("{ \"user\": \"jane\", \"org\": {\"name\": \"acme\", \"id\": 7} }", false);
		this.broadcaster.disconnect(values, false);
		this.broadcaster.disconnect(CableIdentifiers.of(values), false);
		String expected = "{\"command\":\"disconnect\",\"payload\":{\"identifier\":"
				+ "\"{\\\"org\\\":{\\\"id\\\":7,\\\"name\\\":\\\"acme\\\"},\\\"user\\\":\\\"jane\\\"}\",\"reconnect\":false}}";
		assertThat(this.transport.publications()).containsExactly(expected, expected, expected);
	}

	@Test
	void disconnectRefusesIdentifiersThatAreNotAJsonObject() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.broadcaster.disconnect("user-42", true))
			.withMessageContaining("Invalid connection identifiers \"user-42\": malformed JSON");
		assertThat(this.transport.publications()).isEmpty();
	}

	@Test
	void batchSendsOneArrayPublicationWhenTheWorkCompletes() {
		this.broadcaster.batch(() -> {
			this.broadcaster.broadcast("a", 1);
			this.broadcaster.broadcast("b", 2, BroadcastOptions.defaults().asTransient());
			assertThat(this.transport.publications()).isEmpty();
		});
		assertThat(this.transport.publications()).containsExactly("[{\"stream\":\"a\",\"data\":\"1\"},"
				+ "{\"stream\":\"b\",\"data\":\"2\",\"meta\":{\"transient\":true}}]");
	}

	@Test
	void nestedBatchJoinsTheOuterOne() {
		this.broadcaster.batch(() -> {
			this.broadcaster.broadcast("a", 1);
			this.broadcaster.batch(() -> this.broadcaster.broadcast("a", 2));
			assertThat(this.transport.publications()).isEmpty();
		});
		assertThat(this.transport.publications())
			.containsExactly("[{\"stream\":\"a\",\"data\":\"1\"},{\"stream\":\"a\",\"data\":\"2\"}]");
	}

	@Test
	void batchSendsRemoteCommandsOnTheirOwnAndKeepsTheOrder() {
		this.broadcaster.batch(() -> {
			this.broadcaster.broadcast("a", 1);
			this.broadcaster.broadcast("a", 2);
			this.broadcaster.disconnect("{\"id\":1}", false);
			this.broadcaster.broadcast("b", 3);
		});
		assertThat(this.transport.publications()).containsExactly(
				"[{\"stream\":\"a\",\"data\":\"1\"},{\"stream\":\"a\",\"data\":\"2\"}]",
				"{\"command\":\"disconnect\",\"payload\":{\"identifier\":\"{\\\"id\\\":1}\",\"reconnect\":false}}",
				"{\"stream\":\"b\",\"data\":\"3\"}");
	}

	@Test
	void failingBatchDropsItsBroadcasts() {
		assertThatIllegalStateException().isThrownBy(() -> this.broadcaster.batch(() -> {
			this.broadcaster.broadcast("a", 1);
			throw new IllegalStateException("boom");
		}));
		this.broadcaster.broadcast("a", 2);
		assertThat(this.transport.publications()).containsExactly("{\"stream\":\"a\",\"data\":\"2\"}");
	}

	@Test
	void transportFailureThrowsBroadcastExceptionNamingAdapterAndStream() {
		this.transport.failWith(new IOException("connection refused"));
		assertThatExceptionOfType(BroadcastException.class).isThrownBy(() -> this.broadcaster.broadcast("chat/1", 1))
			.withMessage("Failed to send broadcast to stream 'chat/1' via recording: connection refused (IOException)")
			.satisfies((ex) -> {
				assertThat(ex.getAdapter()).isEqualTo("recording");
				assertThat(ex.getStreams()).containsExactly("chat/1");
				assertThat(ex.getCause()).isInstanceOf(IOException.class);
			});
	}

	@Test
	void failedBatchNamesEveryStream() {
		this.transport.failWith(new IOException("down"));
		assertThatExceptionOfType(BroadcastException.class).isThrownBy(() -> this.broadcaster.batch(() -> {
			this.broadcaster.broadcast("a", 1);
			this.broadcaster.broadcast("b", 2);
			this.broadcaster.broadcast("a", 3);
		}))
			.withMessageStartingWith("Failed to send batch of 3 broadcasts to streams [a, b] via recording")
			.satisfies((ex) -> assertThat(ex.getStreams()).containsExactly("a", "b"));
	}

	@Test
	void interruptedSendKeepsTheInterruptFlag() {
		this.transport.failWith(new InterruptedException());
		assertThatExceptionOfType(BroadcastException.class).isThrownBy(() -> this.broadcaster.broadcast("a", 1));
		assertThat(Thread.interrupted()).isTrue();
	}

	@Test
	void broadcastAsyncSendsTheSamePublicationAsBroadcast() throws Exception {
		this.broadcaster.broadcastAsync("chat/1", new Message("ann", 1), BroadcastOptions.defaults().asTransient())
			.get(1, TimeUnit.SECONDS);
		this.broadcaster.broadcast("chat/1", new Message("ann", 1), BroadcastOptions.defaults().asTransient());
		assertThat(this.transport.publications()).hasSize(2).first().isEqualTo(this.transport.publications().get(1));
	}

	@Test
	void broadcastAsyncFailsItsFutureWithBroadcastExceptionInsteadOfThrowing() {
		this.transport.failWith(new IOException("connection refused"));
		CompletableFuture<Void> sent = this.broadcaster.broadcastAsync("chat/1", 1);
		assertThat(sent).failsWithin(Duration.ofSeconds(1))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(BroadcastException.class)
			.withMessage("Failed to send broadcast to stream 'chat/1' via recording: connection refused (IOException)");
	}

	@Test
	void broadcastAsyncInsideABatchJoinsTheBatch() {
		this.broadcaster.batch(() -> {
			assertThat(this.broadcaster.broadcastAsync("a", 1)).isCompleted();
			this.broadcaster.broadcast("b", 2);
			assertThat(this.transport.publications()).isEmpty();
		});
		assertThat(this.transport.publications())
			.containsExactly("[{\"stream\":\"a\",\"data\":\"1\"},{\"stream\":\"b\",\"data\":\"2\"}]");
	}

	record Message(String userName, int count) {
	}

}
