package io.anycable.spring.rpc.grpc;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.anycable.spring.rpc.EchoConnectionFactory;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.testsupport.FreePorts;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.ServerTransportFilter;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
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
 * anycable-go pings every 10 s, also while no call is in flight. With grpc-java's
 * defaults the server would answer the third such ping with GOAWAY "too_many_pings" after
 * about 30 s and anycable-go would reconnect; our defaults permit the pings, so one
 * transport serves before and after a long idle period.
 */
class AnyCableGrpcKeepaliveTests {

	private static final AtomicInteger transportsOpened = new AtomicInteger();

	private static final AtomicInteger transportsClosed = new AtomicInteger();

	@Test
	void idleConnectionPingedLikeAnycableGoIsNotDropped() throws Exception {
		int port = FreePorts.find();
		SpringApplication application = new SpringApplication(Config.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--anycable.rpc-host=127.0.0.1:" + port)) {
			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
				.usePlaintext()
				.keepAliveTime(10, TimeUnit.SECONDS)
				.keepAliveWithoutCalls(true)
				.build();
			try {
				RPCGrpc.RPCBlockingStub stub = RPCGrpc.newBlockingStub(channel)
					.withInterceptors(MetadataUtils
						.newAttachHeadersInterceptor(AnyCableGrpcServiceTests.metadata("sid-keepalive", "v1")));
				assertThat(stub.connect(connect("?user=jane")).getStatus()).isEqualTo(Status.SUCCESS);
				Thread.sleep(42_000);
				ConnectionResponse response = stub.withDeadlineAfter(3, TimeUnit.SECONDS)
					.connect(connect("?user=jane"));
				assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
				assertThat(transportsOpened).as("transports opened").hasValue(1);
				assertThat(transportsClosed).as("transports closed (a GOAWAY would close one)").hasValue(0);
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		EchoConnectionFactory echoConnectionFactory() {
			return new EchoConnectionFactory();
		}

		@Bean
		GrpcServerConfigurer transportCounter() {
			return (builder) -> builder.addTransportFilter(new ServerTransportFilter() {

				@Override
				public Attributes transportReady(Attributes attributes) {
					transportsOpened.incrementAndGet();
					return attributes;
				}

				@Override
				public void transportTerminated(Attributes attributes) {
					transportsClosed.incrementAndGet();
				}

			});
		}

	}

}
