package io.anycable.spring.test.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.anycable.spring.boot.test.autoconfigure.AnyCableTest;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.test.BroadcastRecorder;
import io.anycable.spring.test.CableTestRequest;
import io.anycable.spring.test.CableTester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code recordBroadcasts = false} the slice publishes through the configured
 * adapter: here the HTTP one, to a local server standing in for anycable-go.
 */
@AnyCableTest(recordBroadcasts = false, properties = "anycable.broadcast-adapter=http")
@Import(Greeter.class)
class RealAdapterTests {

	private static final List<String> received = new CopyOnWriteArrayList<>();

	private static final HttpServer server = start();

	@Autowired
	private ApplicationContext context;

	@Autowired
	private CableTester cable;

	@DynamicPropertySource
	static void broadcastUrl(DynamicPropertyRegistry registry) {
		registry.add("anycable.http-broadcast-url",
				() -> "http://127.0.0.1:" + server.getAddress().getPort() + "/_broadcast");
	}

	@AfterAll
	static void stop() {
		server.stop(0);
	}

	@Test
	void broadcastsReachTheBrokerInsteadOfARecorder() {
		assertThat(this.context.getBeansOfType(BroadcastRecorder.class)).isEmpty();
		assertThat(this.context.getBean(BroadcastTransport.class).name()).isEqualTo("http");
		this.cable.connect(CableTestRequest.create().param("user", "jane"))
			.subscribe("RoomChannel", Map.of("room", "1"))
			.perform("speak", Map.of("text", "hi"));
		assertThat(received).containsExactly(
				"{\"stream\":\"room:1\",\"data\":\"{\\\"user\\\":\\\"jane\\\",\\\"text\\\":\\\"hi\\\"}\"}");
	}

	private static HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/_broadcast", (exchange) -> {
				received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				exchange.sendResponseHeaders(201, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
