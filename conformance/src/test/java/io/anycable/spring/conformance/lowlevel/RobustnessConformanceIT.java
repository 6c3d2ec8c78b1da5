package io.anycable.spring.conformance.lowlevel;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.conformance.support.AnyCableGoServer;
import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.RpcRecorder;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.CableClient.CloseInfo;
import io.anycable.spring.testsupport.Frames;
import io.anycable.spring.testsupport.Json;
import io.grpc.Status;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec §9 scenarios 42 and 43: retries and slow handlers, against the real anycable-go's
 * gRPC client.
 */
// gRPC retries and deadlines of anycable-go: the embedded server calls the handler
// in-process
@Tag(ConformanceEnvironment.ANYCABLE_GO_ONLY)
class RobustnessConformanceIT {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(LowLevelConformanceApp.class);

	@Test
	void scenario42ResourceExhaustedConnectIsRetriedWithBackoff() {
		String sid = "s42-" + UUID.randomUUID();
		env.rpc().failFirst(sid, "Connect", Status.Code.RESOURCE_EXHAUSTED, 2);

		CableClient client = env.client("/cable?uid=42").sid(sid).connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));

		List<RpcRecorder.Call> attempts = env.rpc().calls(sid, "Connect");
		assertThat(attempts).as(RpcRecorder.describe(attempts)).hasSize(3);
		assertThat(attempts.get(0).injected()).isTrue();
		assertThat(attempts.get(1).injected()).isTrue();
		assertThat(attempts.get(2).injected()).isFalse();
		assertThat(attempts.get(2).status().isOk()).isTrue();
		// back-off: 10 ms, then 20 ms
		assertThat(gapMillis(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(9);
		assertThat(gapMillis(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(19);
	}

	@Test
	void scenario42ResourceExhaustedCommandIsRetriedAndApplied() {
		String sid = "s42c-" + UUID.randomUUID();
		CableClient client = env.client("/cable").sid(sid).connect();
		client.receive(Frames.welcome(), WAIT);
		env.rpc().failFirst(sid, "Command", Status.Code.RESOURCE_EXHAUSTED, 3);

		String probe = Json.identifier("StateProbe");
		client.subscribe(probe);
		client.expectNext(Json.obj("identifier", probe, "message", Json.obj("cstate", Json.obj())));
		client.expectNext(Json.obj("identifier", probe, "type", "confirm_subscription"));
		List<RpcRecorder.Call> attempts = env.rpc().calls(sid, "Command");
		assertThat(attempts).as(RpcRecorder.describe(attempts)).hasSize(4);
		assertThat(attempts.stream().filter(RpcRecorder.Call::injected)).hasSize(3);
	}

	@Test
	void scenario42UnavailableIsRetriedToo() {
		String sid = "s42u-" + UUID.randomUUID();
		env.rpc().failFirst(sid, "Connect", Status.Code.UNAVAILABLE, 1);

		CableClient client = env.client("/cable").sid(sid).connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));

		List<RpcRecorder.Call> attempts = env.rpc().calls(sid, "Connect");
		assertThat(attempts).hasSize(2);
		// UNAVAILABLE backs off 100 ms
		assertThat(gapMillis(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(95);
	}

	@Test
	void scenario42OtherErrorCodesAreNotRetried() {
		String sid = "s42i-" + UUID.randomUUID();
		env.rpc().failFirst(sid, "Connect", Status.Code.INTERNAL, 1);

		CableClient client = env.client("/cable").sid(sid).connect();
		assertThat(client.awaitClose(WAIT).code()).isEqualTo(1011);
		assertThat(env.rpc().calls(sid, "Connect")).hasSize(1);
	}

	/**
	 * A slow handler, other sessions being served meanwhile. anycable-go 1.5.2 sets no
	 * deadline on RPC calls: it waits for the handler, which is not cancelled, and the
	 * client gets its answer late. 1.6 gives a call 3 s (the command timeout arrived in
	 * 1.6.0) and cancels it: the client is closed with 1011 after 3 s and the handler,
	 * when it wakes up, finds its call cancelled, so it can stop early
	 * ({@code RpcCallContext.isCancelled()}).
	 */
	@Test
	void scenario43SlowHandler() throws InterruptedException {
		String slowSid = "s43-" + UUID.randomUUID();
		long start = System.nanoTime();
		CableClient slow = env.client("/cable?scenario=slow&ms=3500").sid(slowSid).connect();

		// another session is served while the slow Connect is in flight
		String fastSid = "s43f-" + UUID.randomUUID();
		CableClient fast = env.client("/cable").sid(fastSid).connect();
		fast.expectNext(Json.obj("type", "welcome", "sid", fastSid), Duration.ofSeconds(2));
		assertThat(env.rpc().calls(slowSid, "Connect").get(0).status()).as("slow call still in flight").isNull();

		if (!AnyCableGoServer.version().startsWith("1.5.")) {
			CloseInfo close = slow.awaitClose(Duration.ofSeconds(8));
			assertThat(close.code()).as(close.toString()).isEqualTo(1011);
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(2900L, 3450L);
			RpcRecorder.Call call = env.rpc().calls(slowSid, "Connect").get(0);
			assertThat(call.deadline()).as("grpc-timeout sent by anycable-go 1.6").isNotNull();
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (!ScriptedConnectionFactory.slowCallCancelled.containsKey(slowSid) && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(ScriptedConnectionFactory.slowCallCancelled).as("the handler, when it woke up")
				.containsEntry(slowSid, true);
			assertThat(call.cancelled()).isTrue();
			return;
		}
		slow.expectNext(Json.obj("type", "welcome", "sid", slowSid), Duration.ofSeconds(8));
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(3400);
		RpcRecorder.Call call = env.rpc().await(slowSid, "Connect", WAIT);
		assertThat(call.deadline()).as("grpc-timeout sent by anycable-go 1.5.2").isNull();
		assertThat(call.cancelled()).isFalse();
		assertThat(ScriptedConnectionFactory.slowCallCancelled).containsEntry(slowSid, false);

		// the next call on the same connection still works
		String probe = Json.identifier("StateProbe");
		slow.subscribe(probe);
		slow.receive(Frames.confirm(probe), WAIT);
	}

	private static long gapMillis(RpcRecorder.Call first, RpcRecorder.Call second) {
		return TimeUnit.NANOSECONDS.toMillis(second.startedNanos() - first.startedNanos());
	}

}
