package io.anycable.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.broadcast.DefaultCableBroadcaster;
import io.anycable.spring.broadcast.RedisBroadcastTransport;
import io.anycable.spring.embedded.EmbeddedBroadcastTransport;
import io.anycable.spring.embedded.EmbeddedCableServer;
import io.anycable.spring.embedded.EmbeddedCableWebSocketHandler;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.grpc.RpcExecutor;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.Env;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.support.CableJson;
import io.anycable.spring.testsupport.FreePorts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import net.devh.boot.grpc.server.serverfactory.GrpcServerLifecycle;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

@ExtendWith(OutputCaptureExtension.class)
class AnyCableEmbeddedAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(JacksonAutoConfiguration.class,
			AnyCableAutoConfiguration.class, AnyCableBroadcastAutoConfiguration.class,
			AnyCableEmbeddedAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	@Test
	void isOffByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AnyCableRpcHandler.class);
			assertThat(context).doesNotHaveBean(EmbeddedCableServer.class);
			assertThat(context).doesNotHaveBean(WebSocketHandlerMapping.class);
		});
	}

	@Test
	void servesTheEndpointAtTheConfiguredPathWhenEnabled() {
		this.runner.withPropertyValues("anycable.embedded.enabled=true", "anycable.embedded.path=/ws/cable")
			.run((context) -> {
				assertThat(context).hasSingleBean(EmbeddedCableServer.class);
				assertThat(context).hasSingleBean(EmbeddedCableWebSocketHandler.class);
				WebSocketHandlerMapping mapping = context.getBean(WebSocketHandlerMapping.class);
				assertThat(mapping.getUrlMap()).containsOnlyKeys("/ws/cable");
				assertThat(context.getBeansOfType(HandlerMapping.class)).containsValue(mapping);
			});
	}

	@Test
	void acceptsOnlyTheSameOriginAndRequestsWithoutOneByDefault() {
		this.runner.withPropertyValues("anycable.embedded.enabled=true").run((context) -> {
			assertThat(handshake(context, "https://evil.example")).isEqualTo(HttpStatus.FORBIDDEN.value());
			assertThat(handshake(context, "https://app.example")).isEqualTo(HttpStatus.OK.value());
			assertThat(handshake(context, null)).isEqualTo(HttpStatus.OK.value());
		});
	}

	@Test
	void acceptsTheListedOriginPatternsBesidesTheSameOrigin() {
		this.runner
			.withPropertyValues("anycable.embedded.enabled=true",
					"anycable.embedded.allowed-origins=https://admin.example, https://*.trusted.example")
			.run((context) -> {
				assertThat(handshake(context, "https://admin.example")).isEqualTo(HttpStatus.OK.value());
				assertThat(handshake(context, "https://chat.trusted.example")).isEqualTo(HttpStatus.OK.value());
				assertThat(handshake(context, "https://app.example")).isEqualTo(HttpStatus.OK.value());
				assertThat(handshake(context, "https://evil.example")).isEqualTo(HttpStatus.FORBIDDEN.value());
			});
	}

	@Test
	void starAcceptsEveryOrigin() {
		this.runner.withPropertyValues("anycable.embedded.enabled=true", "anycable.embedded.allowed-origins=*")
			.run((context) -> assertThat(handshake(context, "https://evil.example")).isEqualTo(HttpStatus.OK.value()));
	}

	@Test
	void broadcastsInProcessInsteadOfThroughTheConfiguredAdapter() {
		this.runner.withPropertyValues("anycable.embedded.enabled=true", "anycable.broadcast-adapter=redis")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisBroadcastTransport.class);
				assertThat(context.getBean(CableBroadcaster.class)).isInstanceOfSatisfying(
						DefaultCableBroadcaster.class, (broadcaster) -> assertThat(broadcaster.getTransport())
							.isSameAs(context.getBean(EmbeddedBroadcastTransport.class)));
			});
	}

	@Test
	void anApplicationBroadcasterOrTransportWins() {
		CableBroadcaster broadcaster = mock(CableBroadcaster.class);
		this.runner.withPropertyValues("anycable.embedded.enabled=true")
			.withBean(CableBroadcaster.class, () -> broadcaster)
			.run((context) -> assertThat(context.getBean(CableBroadcaster.class)).isSameAs(broadcaster));
		BroadcastTransport transport = mock(BroadcastTransport.class);
		this.runner.withPropertyValues("anycable.embedded.enabled=true")
			.withBean(BroadcastTransport.class, () -> transport)
			.run((context) -> assertThat(context.getBean(DefaultCableBroadcaster.class).getTransport())
				.isSameAs(transport));
	}

	@Test
	void bindsTheEmbeddedProperties() {
		this.runner
			.withPropertyValues("anycable.embedded.enabled=true", "anycable.embedded.ping-interval=10s",
					"anycable.embedded.headers=Cookie, X-Api-Token", "anycable.embedded.max-message-size=1MB")
			.run((context) -> {
				AnyCableProperties.Embedded embedded = context.getBean(AnyCableProperties.class).getEmbedded();
				assertThat(embedded.getPingInterval()).isEqualTo(Duration.ofSeconds(10));
				assertThat(embedded.getHeaders()).containsExactly("Cookie", "X-Api-Token");
				assertThat(embedded.getMaxMessageSize().toBytes()).isEqualTo(1024 * 1024);
			});
	}

	@Test
	void backsOffForAUserServer() {
		CableJson json = new CableJson(new ObjectMapper());
		EmbeddedCableServer mine = new EmbeddedCableServer(new AnyCableRpcHandler((socket, options) -> null, json),
				json);
		this.runner.withPropertyValues("anycable.embedded.enabled=true")
			.withBean("myServer", EmbeddedCableServer.class, () -> mine)
			.run((context) -> assertThat(context.getBean(EmbeddedCableServer.class)).isSameAs(mine));
	}

	@Test
	void backsOffWithoutSpringWebSocket() {
		this.runner.withPropertyValues("anycable.embedded.enabled=true")
			.withClassLoader(new FilteredClassLoader(WebSocketConfigurer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedCableServer.class));
	}

	@Test
	void backsOffOutsideAServletWebApplication() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("anycable.embedded.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedCableServer.class));
	}

	@Test
	void applicationWithTheEmbeddedServerOpensNoGrpcPort(CapturedOutput output) throws IOException {
		// the default RPC port, held during the start: an application that listened on it
		// would fail to start (if another process holds it, so much the same)
		try (ServerSocket defaultRpcPort = holdDefaultRpcPort();
				ConfigurableApplicationContext context = startWebApplication()) {
			assertThat(context.getBean(EmbeddedCableServer.class)).isNotNull();
			assertThat(context.getBeansOfType(GrpcServerLifecycle.class)).isEmpty();
			assertThat(context.getBeansOfType(RpcExecutor.class)).isEmpty();
			assertThat(context.getBeansOfType(AnyCableGrpcService.class)).isEmpty();
		}
		assertThat(output).contains("The gRPC server for anycable-go is off");
	}

	@Test
	void applicationWithTheEmbeddedServerAndAnExplicitRpcHostServesAnycableGoToo() throws Exception {
		int port = FreePorts.find();
		try (ConfigurableApplicationContext context = startWebApplication("anycable.rpc-host=127.0.0.1:" + port)) {
			assertThat(context.getBean(EmbeddedCableServer.class)).isNotNull();
			ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
			try {
				Metadata metadata = new Metadata();
				metadata.put(AnyCableGrpcService.SID_KEY, "sid-1");
				ConnectionResponse response = RPCGrpc.newBlockingStub(channel)
					.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.connect(ConnectionRequest.newBuilder()
						.setEnv(Env.newBuilder().setUrl("http://127.0.0.1/cable"))
						.build());
				assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void backsOffWhenAnyCableIsDisabled() {
		this.runner.withPropertyValues("anycable.enabled=false", "anycable.embedded.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedCableServer.class));
	}

	// the endpoint's handshake interceptors, in order, for a request to
	// https://app.example/cable from origin (null: no Origin header): the status the
	// client would see (200: on to the upgrade)
	private static int handshake(AssertableWebApplicationContext context, String origin) throws Exception {
		WebSocketHttpRequestHandler handler = (WebSocketHttpRequestHandler) context
			.getBean(WebSocketHandlerMapping.class)
			.getUrlMap()
			.get("/cable");
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/cable");
		request.setScheme("https");
		request.setServerName("app.example");
		request.setServerPort(443);
		if (origin != null) {
			request.addHeader(HttpHeaders.ORIGIN, origin);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		for (HandshakeInterceptor interceptor : handler.getHandshakeInterceptors()) {
			ServletServerHttpResponse serverResponse = new ServletServerHttpResponse(response);
			boolean proceed = interceptor.beforeHandshake(new ServletServerHttpRequest(request), serverResponse,
					handler.getWebSocketHandler(), new HashMap<>());
			serverResponse.flush();
			if (!proceed) {
				break;
			}
		}
		return response.getStatus();
	}

	private static ConfigurableApplicationContext startWebApplication(String... properties) {
		String[] args = Stream
			.concat(Stream.of("server.address=127.0.0.1", "server.port=0", "anycable.embedded.enabled=true",
					"spring.main.banner-mode=off"), Stream.of(properties))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
		return new SpringApplicationBuilder(WebApplication.class).run(args);
	}

	private static @Nullable ServerSocket holdDefaultRpcPort() throws IOException {
		ServerSocket socket = new ServerSocket();
		try {
			socket.bind(new InetSocketAddress("127.0.0.1", 50051));
			return socket;
		}
		catch (BindException ex) {
			socket.close();
			return null;
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

	}

}
