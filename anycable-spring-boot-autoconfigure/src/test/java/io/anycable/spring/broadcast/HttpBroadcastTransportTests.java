package io.anycable.spring.broadcast;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.anycable.spring.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HttpBroadcastTransport} against a real HTTP server standing in for
 * anycable-go's broadcast endpoint.
 */
class HttpBroadcastTransportTests {

	private static final ObjectMapper mapper = new ObjectMapper();

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger status = new AtomicInteger(201);

	private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);

	private HttpServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void postsPublicationWithBroadcastKeyAsBearerToken() throws Exception {
		startServer(0);
		CableBroadcaster broadcaster = TestBroadcasts.broadcaster(new HttpBroadcastTransport(url(), "a239", TIMEOUT));

		broadcaster.broadcast("chat/1", Map.of("text", "hi"), BroadcastOptions.defaults().excludeSocket("sid"));
		broadcaster.batch(() -> {
			broadcaster.broadcast("a", 1);
			broadcaster.broadcast("b", 2);
		});

		assertThat(this.requests).hasSize(2);
		Request first = this.requests.get(0);
		assertThat(first.method()).isEqualTo("POST");
		assertThat(first.path()).isEqualTo("/_broadcast");
		assertThat(first.contentType()).isEqualTo("application/json");
		assertThat(first.authorization()).isEqualTo("Bearer a239");
		assertThat(mapper.readTree(first.body())).isEqualTo(mapper.readTree("{\"stream\":\"chat/1\","
				+ "\"data\":\"{\\\"text\\\":\\\"hi\\\"}\",\"meta\":{\"exclude_socket\":\"sid\"}}"));
		assertThat(mapper.readTree(this.requests.get(1).body()))
			.isEqualTo(mapper.readTree("[{\"stream\":\"a\",\"data\":\"1\"},{\"stream\":\"b\",\"data\":\"2\"}]"));
	}

	@Test
	void sendsNoAuthorizationWithoutKey() throws Exception {
		startServer(0);
		new HttpBroadcastTransport(url(), null, TIMEOUT).publish("{\"stream\":\"a\",\"data\":\"1\"}");
		assertThat(this.requests).singleElement().satisfies((request) -> assertThat(request.authorization()).isNull());
	}

	@Test
	void failsWhenAnyCableGoDoesNotAnswerCreated() throws Exception {
		startServer(0);
		HttpBroadcastTransport transport = new HttpBroadcastTransport(url(), "wrong", TIMEOUT);
		this.status.set(401);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> transport.publish("{}"))
			.withMessageContaining("answered 401")
			.withMessageContaining("broadcast key");
		this.status.set(500);
		assertThatExceptionOfType(BroadcastException.class)
			.isThrownBy(() -> TestBroadcasts.broadcaster(transport).broadcast("a", 1))
			.withMessageContaining("stream 'a' via http")
			.withMessageContaining("answered 500: oops");
		assertThat(this.requests).hasSize(2);
	}

	@Test
	void retriesARefusedConnectionUntilTheServerIsUp() throws Exception {
		int port = FreePorts.find();
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		try {
			scheduler.schedule(() -> startServer(port), 150, TimeUnit.MILLISECONDS);
			new HttpBroadcastTransport(URI.create("http://127.0.0.1:" + port + "/_broadcast"), null, TIMEOUT)
				.publish("{\"stream\":\"a\",\"data\":\"1\"}");
		}
		finally {
			scheduler.shutdownNow();
		}
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void givesUpAfterBoundedAttemptsWhenNobodyListens() throws Exception {
		HttpBroadcastTransport transport = new HttpBroadcastTransport(
				URI.create("http://127.0.0.1:" + FreePorts.find() + "/_broadcast"), null, TIMEOUT);
		long start = System.nanoTime();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> transport.publish("{}"))
			.withMessageContaining("(3 attempts)");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(transport.isConnected()).isFalse();
	}

	@Test
	void slowServerTimesOutWithoutRepeatingTheRequest() throws Exception {
		startServer(0);
		this.delay.set(Duration.ofSeconds(3));
		HttpBroadcastTransport transport = new HttpBroadcastTransport(url(), null, Duration.ofMillis(300));
		long start = System.nanoTime();
		assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(() -> transport.publish("{}"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(this.requests).hasSize(1);
		assertThat(transport.isConnected()).isTrue();
	}

	@Test
	void aTimeLimitShorterThanTheTimeoutEndsASlowRequest() throws Exception {
		startServer(0);
		this.delay.set(Duration.ofSeconds(3));
		HttpBroadcastTransport transport = new HttpBroadcastTransport(url(), null, Duration.ofSeconds(10));
		long start = System.nanoTime();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> transport.publish("{}", Duration.ofMillis(300)))
			.withMessageMatching(".* got no answer within \\d+ ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void aTimeLimitCutsTheRetriesShort() {
		HttpBroadcastTransport transport = new HttpBroadcastTransport(
				URI.create("http://127.0.0.1:" + FreePorts.find() + "/_broadcast"), null, Duration.ofSeconds(10));
		long start = System.nanoTime();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> transport.publish("{}", Duration.ofMillis(50)))
			.withMessageEndingWith("(1 attempt in the time left)");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

	private void startServer(int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Content-Type"),
				exchange.getRequestHeaders().getFirst("Authorization"),
				new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
		try {
			Thread.sleep(this.delay.get().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		byte[] body = (this.status.get() == 201) ? new byte[0] : "oops".getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(this.status.get(), (body.length > 0) ? body.length : -1);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/_broadcast");
	}

	record Request(String method, String path, String contentType, String authorization, String body) {
	}

}
