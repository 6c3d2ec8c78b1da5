package io.anycable.spring.rpc.grpc;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.anycable.spring.rpc.RpcCallContext;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static io.anycable.spring.rpc.RpcRequests.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Calls whose deadline passes, or whose caller gives up, while they wait for a worker are
 * not started; a running handler sees its call's cancellation through
 * {@link RpcCallContext}.
 */
class AnyCableGrpcDeadlineTests {

	@Test
	void callsExpiredOrCancelledWhileQueuedAreNotExecuted() throws Exception {
		try (RpcTestServer server = RpcTestServer.inProcess("anycable.rpc-pool-size=1", "anycable.rpc-queue-size=5")) {
			ListenableFuture<ConnectionResponse> blocker = server.futureStub("blocker").connect(connect("?wait"));
			RpcTestServer.awaitUntil(() -> server.executor.runningCount() == 1, "the only worker busy");

			ListenableFuture<ConnectionResponse> expiring = server.futureStub("expiring")
				.withDeadlineAfter(200, TimeUnit.MILLISECONDS)
				.connect(connect(""));
			Context.CancellableContext cancellable = Context.current().withCancellation();
			ListenableFuture<ConnectionResponse> cancelled = cancellable
				.call(() -> server.futureStub("cancelled").connect(connect("")));
			RpcTestServer.awaitUntil(() -> server.executor.queuedCount() == 2, "two calls queued");
			cancellable.cancel(null);

			assertThat(code(expiring)).isEqualTo(io.grpc.Status.Code.DEADLINE_EXCEEDED);
			assertThat(code(cancelled)).isEqualTo(io.grpc.Status.Code.CANCELLED);
			server.factory.open();
			assertThat(blocker.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.SUCCESS);
			RpcTestServer.awaitUntil(() -> server.executor.queuedCount() == 0 && server.executor.runningCount() == 0,
					"queue drained");
			assertThat(server.factory.executed).containsExactly("connect blocker");
			RpcTestServer.awaitUntil(() -> server.calls("Connect", "DEADLINE_EXCEEDED") == 1
					&& server.calls("Connect", "CANCELLED") == 1, "both recorded as not started");
		}
	}

	@Test
	void aLongHandlerSeesItsCallCancelledAtTheDeadline() throws Exception {
		try (RpcTestServer server = RpcTestServer.inProcess()) {
			// warm up, so that the call below reaches its handler well within its
			// deadline
			assertThat(server.blockingStub("warm-up").connect(connect("")).getStatus()).isEqualTo(Status.SUCCESS);
			ListenableFuture<ConnectionResponse> spinning = server.futureStub("spinning")
				.withDeadlineAfter(1, TimeUnit.SECONDS)
				.connect(connect("?spin"));
			assertThat(code(spinning)).isEqualTo(io.grpc.Status.Code.DEADLINE_EXCEEDED);
			RpcTestServer.awaitUntil(() -> !server.factory.observedCancellations.isEmpty(), "the handler gave up");
			assertThat(server.factory.executed).containsExactly("connect warm-up", "connect spinning");
			assertThat(server.factory.observedCancellations).containsExactly("cancelled=true remaining<0=true");
			RpcTestServer.awaitUntil(() -> server.calls("Connect", "DEADLINE_EXCEEDED") == 1,
					"its answer dropped and recorded");
		}
	}

	@Test
	void outsideACallNothingIsCancelled() {
		assertThat(RpcCallContext.isCancelled()).isFalse();
		assertThat(RpcCallContext.timeRemaining()).isEmpty();
	}

	private static io.grpc.Status.Code code(ListenableFuture<?> call) {
		ExecutionException failure = catchThrowableOfType(ExecutionException.class,
				() -> call.get(10, TimeUnit.SECONDS));
		return ((StatusRuntimeException) failure.getCause()).getStatus().getCode();
	}

}
