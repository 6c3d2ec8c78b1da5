package io.anycable.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.anycable.spring.broadcast.BroadcastException;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.Env;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The RPC server's health, metrics and configuration through the real Actuator endpoints
 * of a running web application.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.in-process-name=anycable-actuator-tests", "grpc.server.port=-1",
				"management.endpoints.web.exposure.include=health,metrics,configprops,env",
				"management.endpoint.health.show-details=always", "management.endpoint.configprops.show-values=always",
				"management.endpoint.env.show-values=always", "anycable.secret=s3Krit-do-not-show",
				"anycable.broadcast-key=k3y-do-not-show", "anycable.broadcast-adapter=http",
				"anycable.http-broadcast-url=http://127.0.0.1:${test.broadcast-port}/_broadcast",
				"anycable.redis-url=redis://:pa55word@127.0.0.1:6379", "anycable.rpc-pool-size=7",
				"anycable.rpc-queue-size=3" })
@ExtendWith(OutputCaptureExtension.class)
class AnyCableActuatorTests {

	/**
	 * Stands in for anycable-go's HTTP broadcast endpoint: 201, or 500 for a broadcast to
	 * stream "fail".
	 */
	private static final HttpServer broadcastEndpoint = broadcastEndpoint();

	@Autowired
	private TestRestTemplate rest;

	@Autowired
	private CableBroadcaster broadcaster;

	@DynamicPropertySource
	static void broadcastPort(DynamicPropertyRegistry registry) {
		registry.add("test.broadcast-port", () -> broadcastEndpoint.getAddress().getPort());
	}

	@AfterAll
	static void stopBroadcastEndpoint() {
		broadcastEndpoint.stop(0);
	}

	@Test
	void healthReportsTheRpcServerWithItsPoolAndTheBroker() {
		Map<String, Object> anycable = component(get("/actuator/health"), "anycable");
		assertThat(anycable).containsEntry("status", "UP");
		Map<String, Object> rpc = component(anycable, "rpc");
		assertThat(rpc).containsEntry("status", "UP");
		assertThat(rpc.get("details"))
			.isEqualTo(Map.of("poolSize", 7, "queueSize", 3, "running", 0, "queued", 0, "saturated", false));
		assertThat(component(anycable, "broadcast")).isEqualTo(Map.of("status", "UP", "details", Map.of("adapter",
				"http", "target", "http://127.0.0.1:" + broadcastEndpoint.getAddress().getPort() + "/_broadcast")));
	}

	@Test
	void broadcastsAreTimedByAdapterAndOutcome() {
		this.broadcaster.broadcast("news", Map.of("text", "hello"));
		assertThatExceptionOfType(BroadcastException.class)
			.isThrownBy(() -> this.broadcaster.broadcast("fail", Map.of("text", "lost")));
		assertThat(this.broadcaster.broadcastAsync("news", "again")).succeedsWithin(Duration.ofSeconds(5));
		assertThat(this.broadcaster.broadcastAsync("fail", "again")).failsWithin(Duration.ofSeconds(5));
		assertThat(count("/actuator/metrics/anycable.broadcasts?tag=adapter:http&tag=outcome:success")).isEqualTo(2.0);
		assertThat(count("/actuator/metrics/anycable.broadcasts?tag=adapter:http&tag=outcome:failure")).isEqualTo(2.0);
	}

	@Test
	void callsAreTimedByMethodAndStatus() throws InterruptedException {
		ManagedChannel channel = InProcessChannelBuilder.forName("anycable-actuator-tests").build();
		try {
			Metadata metadata = new Metadata();
			metadata.put(AnyCableGrpcService.SID_KEY, "sid-1");
			RPCGrpc.RPCBlockingStub stub = RPCGrpc.newBlockingStub(channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
				.withDeadlineAfter(10, TimeUnit.SECONDS);
			ConnectionRequest connect = ConnectionRequest.newBuilder()
				.setEnv(Env.newBuilder().setUrl("http://127.0.0.1/cable"))
				.build();
			assertThat(stub.connect(connect).getStatus()).isEqualTo(Status.SUCCESS);
			assertThat(stub.connect(ConnectionRequest.getDefaultInstance()).getStatus()).isEqualTo(Status.ERROR);
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		assertThat(count("/actuator/metrics/anycable.rpc.calls?tag=method:Connect&tag=status:SUCCESS")).isEqualTo(1.0);
		assertThat(count("/actuator/metrics/anycable.rpc.calls?tag=method:Connect&tag=status:ERROR")).isEqualTo(1.0);
		assertThat(get("/actuator/metrics/anycable.rpc.rejected").getStatusCode().value()).isEqualTo(200);
		assertThat(get("/actuator/metrics/anycable.rpc.inflight").getStatusCode().value()).isEqualTo(200);
		assertThat(get("/actuator/metrics/anycable.rpc.queued").getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void secretsAreMaskedInConfigpropsAndEnvAndNeverLogged(CapturedOutput output) {
		String configprops = this.rest.getForObject("/actuator/configprops", String.class);
		// shown with show-values=always, like the rest of the namespace, but masked
		assertThat(configprops).contains("\"rpcPoolSize\":7")
			.contains("\"secret\":\"******\"")
			.contains("\"broadcastKey\":\"******\"")
			.contains("\"redisUrl\":\"******\"");
		String env = this.rest.getForObject("/actuator/env", String.class);
		assertThat(env).contains("anycable.secret").contains("anycable.rpc-pool-size");
		for (String text : List.of(configprops, env, output.getAll())) {
			assertThat(text).doesNotContain("s3Krit-do-not-show")
				.doesNotContain("k3y-do-not-show")
				.doesNotContain("pa55word");
		}
	}

	private ResponseEntity<Map<String, Object>> get(String path) {
		return this.rest.exchange(path, HttpMethod.GET, null, new ParameterizedTypeReference<Map<String, Object>>() {
		});
	}

	private static Map<String, Object> component(ResponseEntity<Map<String, Object>> health, String name) {
		return component(health.getBody(), name);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> component(Map<String, Object> health, String name) {
		return (Map<String, Object>) ((Map<String, Object>) health.get("components")).get(name);
	}

	private static HttpServer broadcastEndpoint() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/_broadcast", (exchange) -> {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(body.contains("\"stream\":\"fail\"") ? 500 : 201, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private double count(String path) {
		List<Map<String, Object>> measurements = (List<Map<String, Object>>) get(path).getBody().get("measurements");
		return measurements.stream()
			.filter((measurement) -> "COUNT".equals(measurement.get("statistic")))
			.mapToDouble((measurement) -> ((Number) measurement.get("value")).doubleValue())
			.findFirst()
			.orElseThrow();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

	}

}
