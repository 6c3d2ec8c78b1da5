package io.anycable.spring.rpc.grpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.anycable.spring.rpc.RpcRequests.connect;
import static io.anycable.spring.rpc.RpcRequests.disconnect;
import static io.anycable.spring.rpc.RpcRequests.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Closing the application while calls are in flight, over loopback TCP: health flips to
 * NOT_SERVING, new Connect and Command calls are refused with UNAVAILABLE while
 * Disconnect is still answered until the RPC clients leave (at most for the grace
 * period), then the server stops taking calls and the call in flight still completes.
 */
@ExtendWith(OutputCaptureExtension.class)
class AnyCableGrpcShutdownTests {

	private static final int SESSIONS = 50;

	/** anycable-go's --rpc_concurrency: the calls it has unanswered at most. */
	private static final int ANYCABLE_GO_CONCURRENCY = 28;

	@Test
	void withTheDefaultsDisconnectCallsSentAfterShutdownBeganAreAnsweredAndTheDrainEndsWhenTheClientLeaves(
			CapturedOutput output) throws Exception {
		try (RpcTestServer server = RpcTestServer.loopback()) {
			for (int i = 0; i < SESSIONS; i++) {
				assertThat(server.blockingStub("s" + i).connect(connect("")).getStatus()).isEqualTo(Status.SUCCESS);
			}

			// like anycable-go stopping with the application: it closes its sessions,
			// sends
			// a Disconnect for each, then closes its connection
			CompletableFuture<Void> closing = CompletableFuture.runAsync(server.context::close);
			RpcTestServer.awaitUntil(() -> server.context.getBean(AnyCableGrpcService.class).isDraining(), "draining");
			List<Status> answers = disconnectAll(server, SESSIONS);
			long left = System.nanoTime();
			server.channel.shutdown();
			closing.get(20, TimeUnit.SECONDS);

			assertThat(answers).hasSize(SESSIONS).containsOnly(Status.SUCCESS);
			assertThat(server.factory.executed).filteredOn((call) -> call.startsWith("disconnect")).hasSize(SESSIONS);
			// the default grace period is 5 s: its end was not waited for
			assertThat(Duration.ofNanos(System.nanoTime() - left)).isLessThan(Duration.ofSeconds(4));
			assertThat(output).contains("anycable.RPC drain ended after")
				.contains("the RPC clients disconnected and no call is in flight");
		}
	}

	@Test
	void drainLastsWhileAnRpcClientIsConnectedAndEndsWhenItLeaves() throws Exception {
		try (RpcTestServer server = RpcTestServer.loopback("anycable.shutdown-grace-period=30s")) {
			assertThat(server.blockingStub("s").connect(connect("")).getStatus()).isEqualTo(Status.SUCCESS);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(server.context::close);
			RpcTestServer.awaitUntil(() -> server.context.getBean(AnyCableGrpcService.class).isDraining(), "draining");
			assertThat(server.blockingStub("s").disconnect(disconnect("{}", List.of(), Map.of(), Map.of())).getStatus())
				.isEqualTo(Status.SUCCESS);
			Thread.sleep(300);
			assertThat(closing).as("closing while the client is connected").isNotDone();

			long left = System.nanoTime();
			server.channel.shutdownNow();
			closing.get(20, TimeUnit.SECONDS);
			assertThat(Duration.ofNanos(System.nanoTime() - left)).isLessThan(Duration.ofSeconds(10));
		}
	}

	@Test
	void handlerStillRunningHoldsTheDrainAfterItsClientLeft() throws Exception {
		try (RpcTestServer server = RpcTestServer.loopback("anycable.shutdown-grace-period=30s")) {
			server.futureStub("in-flight").connect(connect("?wait"));
			RpcTestServer.awaitUntil(() -> server.executor.runningCount() == 1, "a call in flight");
			server.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

			CompletableFuture<Void> closing = CompletableFuture.runAsync(server.context::close);
			RpcTestServer.awaitUntil(() -> server.context.getBean(AnyCableGrpcService.class).isDraining(), "draining");
			Thread.sleep(300);
			assertThat(closing).as("closing while a handler runs").isNotDone();
			server.factory.open();
			closing.get(20, TimeUnit.SECONDS);
		}
	}

	@Test
	void withoutAnRpcClientConnectedClosingIsNotDelayed(CapturedOutput output) throws Exception {
		RpcTestServer server = RpcTestServer.loopback("anycable.shutdown-grace-period=30s");
		long start = System.nanoTime();
		server.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(output).containsPattern("anycable.RPC drain ended after \\d+ ms: no RPC client was connected");
	}

	@Test
	void aClientOfAnotherServiceDoesNotHoldTheDrain(CapturedOutput output) throws Exception {
		RpcTestServer server = RpcTestServer.loopback("anycable.shutdown-grace-period=30s");
		assertThat(HealthGrpc.newBlockingStub(server.channel)
			.check(HealthCheckRequest.newBuilder().setService("anycable.RPC").build())
			.getStatus()).isEqualTo(ServingStatus.SERVING);
		long start = System.nanoTime();
		// closed while the health client is still connected
		server.context.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		server.close();
		assertThat(output).containsPattern("anycable.RPC drain ended after \\d+ ms: no RPC client was connected");
	}

	@Test
	void zeroGracePeriodSaysThatDisconnectCallsGoUnanswered(CapturedOutput output) throws Exception {
		RpcTestServer.loopback("anycable.shutdown-grace-period=0s").close();
		assertThat(output).contains(
				"anycable.RPC not drained: anycable.shutdown-grace-period is 0 ms, so Disconnect calls go unanswered");
	}

	// at most as many calls at once as anycable-go has, each of its own session
	private static List<Status> disconnectAll(RpcTestServer server, int sessions) throws Exception {
		Semaphore concurrency = new Semaphore(ANYCABLE_GO_CONCURRENCY);
		List<ListenableFuture<DisconnectResponse>> calls = new ArrayList<>();
		for (int i = 0; i < sessions; i++) {
			concurrency.acquire();
			ListenableFuture<DisconnectResponse> call = server.futureStub("s" + i)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.disconnect(disconnect("{}", List.of(), Map.of(), Map.of()));
			call.addListener(concurrency::release, Runnable::run);
			calls.add(call);
		}
		List<Status> answers = new ArrayList<>();
		for (ListenableFuture<DisconnectResponse> call : calls) {
			answers.add(call.get(10, TimeUnit.SECONDS).getStatus());
		}
		return answers;
	}

	@Test
	void inFlightCallsCompleteNewOnesAreRefusedAndDisconnectIsAnsweredDuringTheGracePeriod() throws Exception {
		try (RpcTestServer server = RpcTestServer.loopback("anycable.shutdown-grace-period=2s")) {
			HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(server.channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS);
			HealthCheckRequest rpcHealth = HealthCheckRequest.newBuilder().setService("anycable.RPC").build();
			assertThat(health.check(rpcHealth).getStatus()).isEqualTo(ServingStatus.SERVING);
			ListenableFuture<ConnectionResponse> inFlight = server.futureStub("in-flight")
				.withDeadlineAfter(20, TimeUnit.SECONDS)
				.connect(connect("?wait"));
			RpcTestServer.awaitUntil(() -> server.executor.runningCount() == 1, "a call in flight");

			CompletableFuture<Void> closing = CompletableFuture.runAsync(server.context::close);
			RpcTestServer.awaitUntil(() -> server.context.getBean(AnyCableGrpcService.class).isDraining(), "draining");
			assertThat(health.check(rpcHealth).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
			StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
					() -> server.blockingStub("late").connect(connect("")));
			assertThat(refused.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
			assertThat(refused.getStatus().getDescription())
				.isEqualTo("RPC server is shutting down: Connect refused, retry on another server");
			assertThat(catchThrowableOfType(StatusRuntimeException.class,
					() -> server.blockingStub("late").command(subscribe("{\"channel\":\"A\"}", "{}")))
				.getStatus()
				.getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
			assertThat(server.blockingStub("leaving")
				.disconnect(disconnect("{}", List.of(), Map.of(), Map.of()))
				.getStatus()).isEqualTo(Status.SUCCESS);

			RpcTestServer.awaitUntil(() -> refusedByTransport(server), "the server stopped taking calls");
			assertThat(closing).isNotDone();
			server.factory.open();
			assertThat(inFlight.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.SUCCESS);
			closing.get(20, TimeUnit.SECONDS);
			// the probes for the end of the grace period were Disconnect calls too,
			// answered until then
			assertThat(server.factory.executed).startsWith("connect in-flight", "disconnect leaving")
				.doesNotContain("connect late", "command late")
				.containsOnly("connect in-flight", "disconnect leaving", "disconnect after-grace");
		}
	}

	private static boolean refusedByTransport(RpcTestServer server) {
		try {
			server.blockingStub("after-grace")
				.withDeadlineAfter(1, TimeUnit.SECONDS)
				.disconnect(disconnect("{}", List.of(), Map.of(), Map.of()));
			return false;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE;
		}
	}

}
