package io.anycable.spring.broadcast;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.rpc.RpcRequests;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A synchronous broadcast during an RPC call ends before the call's deadline (as
 * anycable-go 1.6 sets it, 3 s by default): a slow broker fails the action in time,
 * answered ERROR, instead of anycable-go giving up on the call while the action goes on;
 * the request is not repeated.
 */
@SpringBootTest(properties = { "grpc.server.in-process-name=broadcast-deadline-tests", "grpc.server.port=-1",
		"anycable.broadcast-adapter=http", "anycable.http-broadcast-timeout=10s" })
class BroadcastDeadlineTests {

	private static final HttpServer broker = slowBroker();

	private static final AtomicInteger received = new AtomicInteger();

	private ManagedChannel channel;

	@DynamicPropertySource
	static void brokerUrl(DynamicPropertyRegistry registry) {
		registry.add("anycable.http-broadcast-url",
				() -> "http://127.0.0.1:" + broker.getAddress().getPort() + "/_broadcast");
	}

	@BeforeEach
	void open() {
		received.set(0);
		this.channel = InProcessChannelBuilder.forName("broadcast-deadline-tests").build();
	}

	@AfterEach
	void close() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@AfterAll
	static void stopBroker() {
		broker.stop(0);
	}

	@Test
	void aSlowBrokerFailsTheActionBeforeTheDeadlineWithOneRequest() throws InterruptedException {
		long start = System.nanoTime();
		CommandResponse response = RPCGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
			.command(RpcRequests.message("{\"channel\":\"SlowChannel\"}", "", "{\"action\":\"speak\"}", Map.of()));
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).contains("http").contains("got no answer within");
		assertThat(took).isLessThan(Duration.ofMillis(1500));
		// the broker is still sitting on the request: it is not repeated meanwhile
		Thread.sleep(500);
		assertThat(received).hasValue(1);
	}

	@Test
	void anAsynchronousAnnounceDoesNotHoldTheCallPastItsDeadlineEither() {
		long start = System.nanoTime();
		CommandResponse response = RPCGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
			.command(RpcRequests.message("{\"channel\":\"SlowChannel\"}", "", "{\"action\":\"announce\"}", Map.of()));
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		assertThat(received).hasValue(1);
	}

	private static HttpServer slowBroker() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.setExecutor(Executors.newCachedThreadPool());
			server.createContext("/_broadcast", (exchange) -> {
				received.incrementAndGet();
				try {
					Thread.sleep(3000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
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

	@AnyCableChannel("SlowChannel")
	static class SlowChannel {

		private final CableBroadcaster broadcaster;

		SlowChannel(CableBroadcaster broadcaster) {
			this.broadcaster = broadcaster;
		}

		@Action
		void speak() {
			this.broadcaster.broadcast("room", "hi");
		}

		@Action
		void announce() {
			// http sends before returning: the future fails once the time left is up
			this.broadcaster.broadcastAsync("room", "hi");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SlowChannel.class)
	static class Config {

	}

}
