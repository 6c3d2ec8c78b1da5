package io.anycable.spring.rpc.grpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;

import static io.anycable.spring.rpc.RpcRequests.connect;
import static io.anycable.spring.rpc.RpcRequests.disconnect;
import static io.anycable.spring.rpc.RpcRequests.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Closing the application while calls are in flight, over loopback TCP: health flips to
 * NOT_SERVING, new Connect and Command calls are refused with UNAVAILABLE while
 * Disconnect is still answered for the grace period, then the server stops taking calls
 * and the call in flight still completes.
 */
class AnyCableGrpcShutdownTests {

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
