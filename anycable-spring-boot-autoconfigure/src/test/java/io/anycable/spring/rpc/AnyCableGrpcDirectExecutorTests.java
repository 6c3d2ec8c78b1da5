package io.anycable.spring.rpc;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.anycable.spring.connection.CableSocket;
import io.anycable.spring.connection.ConnectionOptions;
import io.anycable.spring.connection.SocketConnection;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static io.anycable.spring.rpc.RpcRequests.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code anycable.rpc-direct-executor=true} over a real loopback connection: calls run on the gRPC transport
 * thread, not on the worker pool, and many calls in flight are all answered (none refused for overload).
 */
class AnyCableGrpcDirectExecutorTests {

	private static final Set<String> threads = ConcurrentHashMap.newKeySet();

	@Test
	void callsRunOnTheTransportThreadAndNoneIsRefused() throws Exception {
		int port = freePort();
		SpringApplication application = new SpringApplication(Config.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--anycable.rpc-host=127.0.0.1:" + port,
				"--anycable.rpc-direct-executor=true")) {
			assertThat(context.getBean(RpcExecutor.class).poolSize()).isZero();
			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
			try {
				RPCGrpc.RPCFutureStub stub = RPCGrpc.newFutureStub(channel)
					.withInterceptors(MetadataUtils
						.newAttachHeadersInterceptor(AnyCableGrpcServiceTests.metadata("sid-direct", "v1")));
				List<ListenableFuture<ConnectionResponse>> calls = new ArrayList<>();
				// more than the default pool and queue (30 + 20) would admit at once
				for (int i = 0; i < 200; i++) {
					calls.add(stub.connect(connect("?user=u" + i)));
				}
				for (ListenableFuture<ConnectionResponse> call : calls) {
					assertThat(call.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.SUCCESS);
				}
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
		assertThat(threads).isNotEmpty().allSatisfy((name) -> assertThat(name).startsWith("grpc-default-worker"));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		SocketConnectionFactory threadRecordingConnectionFactory() {
			EchoConnectionFactory echo = new EchoConnectionFactory();
			return (CableSocket socket, ConnectionOptions options) -> {
				SocketConnection connection = echo.create(socket, options);
				threads.add(Thread.currentThread().getName());
				return connection;
			};
		}

	}

}
