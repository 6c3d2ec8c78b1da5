package io.anycable.sample;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.Env;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged application serves {@code anycable.RPC} on a real loopback port, as
 * anycable-go reaches it; an anycable-go without a JWT secret asks it to Connect a client
 * with an AnyCable JWT, and it answers from the token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "anycable.rpc-host=127.0.0.1:0", "anycable.secret=s3Krit" })
class ChatApplicationTests {

	@Autowired
	private GrpcPort grpcPort;

	@Test
	void connectOverLoopbackAnswersWelcomeWithTheSidItWasSent() throws Exception {
		ManagedChannel channel = ManagedChannelBuilder
			.forAddress("127.0.0.1", this.grpcPort.port.get(10, TimeUnit.SECONDS))
			.usePlaintext()
			.build();
		try {
			Metadata metadata = new Metadata();
			metadata.put(AnyCableGrpcService.SID_KEY, "sid-from-anycable-go");
			metadata.put(AnyCableGrpcService.PROTOCOL_VERSION_KEY, "v1");
			ConnectionResponse response = RPCGrpc.newBlockingStub(channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
				.withDeadlineAfter(5, TimeUnit.SECONDS)
				.connect(ConnectionRequest.newBuilder()
					.setEnv(Env.newBuilder().setUrl("http://localhost:8080/cable?jid=" + EmbeddedJwtTests.VECTOR))
					.build());
			assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
			assertThat(response.getIdentifiers()).isEqualTo("{\"user\":\"jane\"}");
			assertThat(response.getTransmissionsList())
				.containsExactly("{\"type\":\"welcome\",\"sid\":\"sid-from-anycable-go\"}");
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	static class GrpcPort {

		final CompletableFuture<Integer> port = new CompletableFuture<>();

		@EventListener
		void started(GrpcServerStartedEvent event) {
			this.port.complete(event.getPort());
		}

	}

	@TestConfiguration
	static class Config {

		@Bean
		GrpcPort grpcPort() {
			return new GrpcPort();
		}

	}

}
