package io.anycable.spring.embedded;

import java.util.stream.Stream;

import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.anycable.spring.testsupport.Json.identifier;
import static io.anycable.spring.testsupport.Json.message;
import static io.anycable.spring.embedded.EmbeddedCableServerTests.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded server's shutdown and its protection against clients that stop reading,
 * each on an application of its own.
 */
class EmbeddedCableServerLifecycleTests {

	@BeforeEach
	void clearEvents() {
		events.clear();
	}

	@Test
	void shutdownTellsClientsToReconnectClosesWith1001AndCallsDisconnect() {
		ConfigurableApplicationContext context = start();
		try (CableClient client = CableClient.welcomed(port(context), "restarted")) {
			client.subscribeConfirmed(EmbeddedCableServerTests.ROOM1);
			context.close();
			assertThat(client.next())
				.isEqualTo(Json.parse("{\"type\":\"disconnect\",\"reason\":\"server_restart\",\"reconnect\":true}"));
			assertThat(client.awaitClose().code()).isEqualTo(1001);
			assertThat(EmbeddedCableServerTests.eventsOf("restarted")).containsExactly("left 1: restarted",
					"disconnected {\"user\":\"restarted\"}");
		}
		finally {
			context.close();
		}
	}

	@Test
	void clientThatStopsReadingIsClosedWithoutHoldingUpTheOthers() {
		try (ConfigurableApplicationContext context = start("anycable.embedded.send-buffer-size-limit=256KB",
				"anycable.embedded.send-time-limit=500ms")) {
			EmbeddedCableServer server = context.getBean(EmbeddedCableServer.class);
			String stream = identifier("StreamChannel", "stream", "firehose");
			try (CableClient stalled = CableClient.stalled(port(context), "stuck");
					CableClient reader = CableClient.welcomed(port(context), "reader")) {
				stalled.subscribe(stream);
				reader.subscribeConfirmed(stream);
				await().atMost(CableClient.TIMEOUT).until(() -> server.getSessionCount() == 2);
				// far more than the socket buffers take in, sent no faster than the
				// reader reads
				String text = "x".repeat(64 * 1024);
				for (int i = 0; i < 200 && server.getSessionCount() == 2; i++) {
					server.broadcast("firehose", Json.write(text), null);
					assertThat(reader.next()).isEqualTo(message(stream, text));
				}
				await().atMost(CableClient.TIMEOUT).until(() -> server.getSessionCount() == 1);
				server.broadcast("firehose", "\"still here\"", null);
				assertThat(reader.next()).isEqualTo(message(stream, "still here"));
				assertThat(events).contains("disconnected {\"user\":\"stuck\"}");
			}
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		String[] args = Stream
			.concat(Stream.of("server.address=127.0.0.1", "server.port=0", "anycable.embedded.enabled=true",
					"grpc.server.port=-1", "spring.main.banner-mode=off"), Stream.of(properties))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
		return new SpringApplicationBuilder(EmbeddedCableServerTests.Config.class).run(args);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
