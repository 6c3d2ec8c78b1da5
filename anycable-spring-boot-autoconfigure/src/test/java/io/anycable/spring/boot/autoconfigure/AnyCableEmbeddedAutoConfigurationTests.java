package io.anycable.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.HashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.broadcast.DefaultCableBroadcaster;
import io.anycable.spring.broadcast.RedisBroadcastTransport;
import io.anycable.spring.embedded.EmbeddedBroadcastTransport;
import io.anycable.spring.embedded.EmbeddedCableServer;
import io.anycable.spring.embedded.EmbeddedCableWebSocketHandler;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.support.CableJson;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
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
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

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

}
