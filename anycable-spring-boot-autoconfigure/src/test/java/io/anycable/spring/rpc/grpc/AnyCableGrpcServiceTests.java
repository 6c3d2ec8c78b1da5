package io.anycable.spring.rpc.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import io.anycable.spring.channel.internal.ChannelRegistry;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.anycable.spring.rpc.EchoConnectionFactory;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import static io.anycable.spring.rpc.RpcRequests.connect;
import static io.anycable.spring.rpc.RpcRequests.disconnect;
import static io.anycable.spring.rpc.RpcRequests.message;
import static io.anycable.spring.rpc.RpcRequests.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code anycable.RPC} through the generated stubs over an in-process channel, served by
 * the auto-configured grpc-spring server with a hand-written
 * {@link SocketConnectionFactory} instead of the channel framework.
 */
@SpringBootTest(properties = { "grpc.server.in-process-name=anycable-grpc-service-tests", "grpc.server.port=-1",
		// room for 200 calls at once: none is refused for overload however slowly the
		// pool starts
		"anycable.rpc-queue-size=200" })
class AnyCableGrpcServiceTests {

	private static final String ROOM = "{\"channel\":\"RoomChannel\",\"room\":\"1\"}";

	@Autowired
	private ApplicationContext context;

	@Autowired
	private EchoConnectionFactory factory;

	private ManagedChannel channel;

	@BeforeEach
	void openChannel() {
		this.channel = InProcessChannelBuilder.forName("anycable-grpc-service-tests").directExecutor().build();
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void connectReadsSidAndProtocolVersionFromMetadata() {
		ConnectionResponse response = stub("sid-1", "v1").connect(connect("?user=jane"));
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList()).containsExactly("{\"type\":\"welcome\",\"sid\":\"sid-1\"}");
	}

	@Test
	void wrongProtocolVersionInMetadataIsAnError() {
		ConnectionResponse response = stub("sid-1", "v0").connect(connect("?user=jane"));
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).contains("this server speaks v1");
	}

	@Test
	void commandAndDisconnectRoundTrip() {
		RPCGrpc.RPCBlockingStub stub = stub("sid-2", "v1");
		CommandResponse subscribed = stub.command(subscribe(ROOM, "{\"user\":\"jane\"}"));
		assertThat(subscribed.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(subscribed.getStreamsList()).containsExactly("room:1");
		CommandResponse echoed = stub
			.command(message(ROOM, "{\"user\":\"jane\"}", "{\"action\":\"echo\"}", subscribed.getEnv().getIstateMap()));
		assertThat(echoed.getEnv().getIstateMap()).containsExactly(Map.entry("count", "1"));
		assertThat(stub
			.disconnect(disconnect("{\"user\":\"jane\"}", List.of(ROOM), Map.of(ROOM, "{\"count\":\"1\"}"), Map.of()))
			.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(this.factory.closed).contains("{\"user\":\"jane\"} " + ROOM + "={count=1} cstate={}");
	}

	@Test
	void oneMebibyteMessageTravelsOverGrpc() {
		String text = "y".repeat(1024 * 1024);
		CommandResponse response = stub("sid-3", "v1")
			.command(message(ROOM, "{\"user\":\"jane\"}", "{\"action\":\"echo\",\"text\":\"" + text + "\"}", Map.of()));
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissions(0)).contains(text);
	}

	@Test
	void twoHundredConcurrentCallsAreEachAnsweredWithTheirOwnSid() throws Exception {
		List<ListenableFuture<ConnectionResponse>> calls = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			calls.add(RPCGrpc.newFutureStub(this.channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata("sid-" + i, "v1")))
				.connect(connect("?user=u" + i)));
		}
		for (int i = 0; i < 200; i++) {
			ConnectionResponse response = calls.get(i).get(10, TimeUnit.SECONDS);
			assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
			assertThat(response.getIdentifiers()).isEqualTo("{\"user\":\"u" + i + "\"}");
			assertThat(response.getTransmissions(0)).isEqualTo("{\"type\":\"welcome\",\"sid\":\"sid-" + i + "\"}");
		}
	}

	@Test
	void healthReportsTheRpcServiceAndTheServerAsServing() {
		HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(this.channel);
		assertThat(health.check(HealthCheckRequest.newBuilder().setService("anycable.RPC").build()).getStatus())
			.isEqualTo(ServingStatus.SERVING);
		assertThat(health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus())
			.isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void aSocketConnectionFactoryBeanReplacesTheChannelFramework() {
		assertThat(this.context.getBeansOfType(ChannelRegistry.class)).isEmpty();
		assertThat(this.context.getBean(SocketConnectionFactory.class)).isSameAs(this.factory);
	}

	private RPCGrpc.RPCBlockingStub stub(String sid, String protocolVersion) {
		return RPCGrpc.newBlockingStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(sid, protocolVersion)));
	}

	static Metadata metadata(String sid, String protocolVersion) {
		Metadata metadata = new Metadata();
		metadata.put(AnyCableGrpcService.SID_KEY, sid);
		metadata.put(AnyCableGrpcService.PROTOCOL_VERSION_KEY, protocolVersion);
		return metadata;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		EchoConnectionFactory echoConnectionFactory() {
			return new EchoConnectionFactory();
		}

	}

}
