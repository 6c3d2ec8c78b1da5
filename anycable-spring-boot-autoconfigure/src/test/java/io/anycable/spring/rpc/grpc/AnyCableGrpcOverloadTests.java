package io.anycable.spring.rpc.grpc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static io.anycable.spring.rpc.RpcRequests.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * More calls at once than the pool and its queue hold, over loopback TCP with a real gRPC
 * client, against a handler that blocks until released: the surplus is refused with
 * RESOURCE_EXHAUSTED before it runs, every admitted call completes, and each ran exactly
 * once.
 */
class AnyCableGrpcOverloadTests {

	private static final int POOL = 3;

	private static final int QUEUE = 4;

	private static final int CALLS = 25;

	@Test
	void callsBeyondPoolAndQueueAreRefusedBeforeRunningAndAdmittedOnesCompleteOnce() throws Exception {
		try (RpcTestServer server = RpcTestServer.loopback("anycable.rpc-pool-size=" + POOL,
				"anycable.rpc-queue-size=" + QUEUE)) {
			List<ListenableFuture<ConnectionResponse>> calls = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				calls.add(server.futureStub("sid-" + i)
					.withDeadlineAfter(20, TimeUnit.SECONDS)
					.connect(connect("?wait")));
			}
			RpcTestServer.awaitUntil(
					() -> server.executor.runningCount() == POOL && server.executor.queuedCount() == QUEUE
							&& calls.stream().filter(ListenableFuture::isDone).count() == CALLS - POOL - QUEUE,
					"pool and queue full, the rest refused");
			assertThat(server.factory.executed).as("started while the gate is closed").hasSize(POOL);

			server.factory.open();
			Set<String> succeeded = new HashSet<>();
			int refused = 0;
			for (int i = 0; i < CALLS; i++) {
				try {
					ConnectionResponse response = calls.get(i).get(20, TimeUnit.SECONDS);
					assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
					succeeded.add("connect sid-" + i);
				}
				catch (ExecutionException ex) {
					io.grpc.Status status = ((StatusRuntimeException) ex.getCause()).getStatus();
					assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
					assertThat(status.getDescription()).isEqualTo("RPC server overloaded: 7 calls running or waiting "
							+ "for one of 3 workers, Connect not started, retry later");
					refused++;
				}
			}
			assertThat(succeeded).hasSize(POOL + QUEUE);
			assertThat(refused).isEqualTo(CALLS - POOL - QUEUE);
			RpcTestServer.awaitUntil(() -> server.executor.runningCount() == 0, "workers idle");
			assertThat(server.factory.executed).as("each admitted call ran once, no refused call ran")
				.containsExactlyInAnyOrderElementsOf(succeeded);
			assertThat(server.calls("Connect", "SUCCESS")).isEqualTo(POOL + QUEUE);
			assertThat(server.calls("Connect", "RESOURCE_EXHAUSTED")).isEqualTo(refused);
			assertThat(
					server.registry.get(MicrometerRpcCallObserver.REJECTED).tag("method", "Connect").counter().count())
				.isEqualTo(refused);
		}
	}

	@Test
	void aSlotIsFreeAgainAsSoonAsItsCallIsAnswered() {
		try (RpcTestServer server = RpcTestServer.loopback("anycable.rpc-pool-size=1", "anycable.rpc-queue-size=0")) {
			for (int i = 0; i < 200; i++) {
				assertThat(server.blockingStub("sid-" + i).connect(connect("")).getStatus()).isEqualTo(Status.SUCCESS);
			}
			assertThat(server.factory.executed).hasSize(200);
		}
		catch (InterruptedException ex) {
			fail("interrupted", ex);
		}
	}

}
