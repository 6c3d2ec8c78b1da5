package io.anycable.spring.rpc.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import org.junit.jupiter.api.Test;

import static io.anycable.spring.rpc.RpcRequests.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code anycable.rpc-direct-executor=true} over a real loopback connection: calls run on
 * the gRPC transport thread, not on the worker pool, and many calls in flight are all
 * answered (none refused for overload).
 */
class AnyCableGrpcDirectExecutorTests {

	@Test
	void callsRunOnTheTransportThreadAndNoneIsRefused() throws Exception {
		try (RpcTestServer server = RpcTestServer.loopback("anycable.rpc-direct-executor=true")) {
			assertThat(server.executor.poolSize()).isZero();
			RPCGrpc.RPCFutureStub stub = server.futureStub("sid-direct");
			List<ListenableFuture<ConnectionResponse>> calls = new ArrayList<>();
			// more than the default pool and queue (30 + 20) would admit at once
			for (int i = 0; i < 200; i++) {
				calls.add(stub.connect(connect("?user=u" + i)));
			}
			for (ListenableFuture<ConnectionResponse> call : calls) {
				assertThat(call.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.SUCCESS);
			}
			// the timer records a call just after its answer has left
			RpcTestServer.awaitUntil(() -> server.calls("Connect", "SUCCESS") == 200, "200 calls timed");
			assertThat(server.factory.connectThreads).isNotEmpty()
				.allSatisfy((name) -> assertThat(name).startsWith("grpc-default-worker"));
		}
	}

}
