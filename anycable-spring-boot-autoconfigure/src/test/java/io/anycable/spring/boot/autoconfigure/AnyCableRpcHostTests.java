package io.anycable.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code anycable.rpc-host} as users write it, through a real application start: the
 * values anycable-go itself uses must work, and what cannot work must say why.
 */
@ExtendWith(OutputCaptureExtension.class)
class AnyCableRpcHostTests {

	@Test
	void hostNameOfAnycableGosOwnDefaultStartsTheServerOnLoopback() throws IOException {
		int port = freePort();
		try (ConfigurableApplicationContext context = run("--anycable.rpc-host=localhost:" + port)) {
			assertThat(context.getEnvironment().getProperty("grpc.server.address")).isEqualTo("127.0.0.1");
			assertAccepts("127.0.0.1", port);
		}
	}

	@Test
	void omittedHostBindsEveryInterfaceAndWarnsAboutIt(CapturedOutput output) throws IOException {
		int port = freePort();
		try (ConfigurableApplicationContext context = run("--anycable.rpc-host=:" + port)) {
			assertThat(context.getEnvironment().getProperty("grpc.server.address")).isEqualTo("*");
		}
		assertThat(output).contains("WARN")
			.contains("anycable.rpc-host ':" + port + "' has no host, so the RPC server listens on every network "
					+ "interface: whatever reaches this machine on port " + port
					+ " can call Connect and Command as anycable-go would (gRPC carries no credentials).")
			.contains("anycable.rpc-host=127.0.0.1:" + port)
			.contains("anycable.rpc-host=0.0.0.0:" + port);
	}

	@Test
	void explicitAddressesDoNotWarn(CapturedOutput output) throws IOException {
		int port = freePort();
		run("--anycable.rpc-host=0.0.0.0:" + port).close();
		run("--anycable.rpc-host=127.0.0.1:" + port).close();
		assertThat(output).doesNotContain("has no host");
	}

	@Test
	void portInUseIsExplainedWithTheAddressAndTheProperty(CapturedOutput output) throws IOException {
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress("127.0.0.1", 0));
			int port = taken.getLocalPort();
			assertThatException().isThrownBy(() -> run("--anycable.rpc-host=127.0.0.1:" + port).close());
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("The AnyCable RPC server could not listen on 127.0.0.1:" + port
						+ " (anycable.rpc-host=127.0.0.1:" + port + "): the port is already in use.")
				.contains("Identify and stop the process that listens on port " + port)
				.contains("set anycable.rpc-host to another port");
		}
	}

	@Test
	void bindFailureNamesTheGrpcPropertiesWhenTheyWereSetInsteadOfRpcHost() {
		MockEnvironment environment = new MockEnvironment().withProperty("grpc.server.address", "*")
			.withProperty("grpc.server.port", "9999");
		FailureAnalysis analysis = new RpcServerBindFailureAnalyzer(environment)
			.analyze(bindFailure("*:9999", new BindException("Address already in use")));
		assertThat(analysis.getDescription()).isEqualTo("The AnyCable RPC server could not listen on every interface "
				+ "on port 9999 (grpc.server.address=*, grpc.server.port=9999): the port is already in use.");
		assertThat(analysis.getAction()).contains("or set grpc.server.address and grpc.server.port to another port,");
	}

	@Test
	void bindFailureOnAnAddressOfAnotherMachineSaysSo() {
		MockEnvironment environment = new MockEnvironment().withProperty("anycable.rpc-host", "10.99.0.1:50051")
			.withProperty("grpc.server.address", "10.99.0.1")
			.withProperty("grpc.server.port", "50051");
		FailureAnalysis analysis = new RpcServerBindFailureAnalyzer(environment).analyze(
				bindFailure("/10.99.0.1:50051", new IOException("bind(..) failed: Cannot assign requested address")));
		assertThat(analysis.getDescription()).isEqualTo("The AnyCable RPC server could not listen on 10.99.0.1:50051 "
				+ "(anycable.rpc-host=10.99.0.1:50051): the address is not one of this machine's.");
		assertThat(analysis.getAction()).startsWith("Set anycable.rpc-host to an address of this machine");
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(new RpcServerBindFailureAnalyzer(new MockEnvironment())
			.analyze(new IllegalStateException("Failed to start the grpc server", new IOException("boom")))).isNull();
	}

	private static Exception bindFailure(String address, Exception cause) {
		return new IllegalStateException("Failed to start bean 'shadedNettyGrpcServerLifecycle'",
				new IllegalStateException("Failed to start the grpc server",
						new IOException("Failed to bind to address " + address, cause)));
	}

	static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(Config.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void assertAccepts(String host, int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 2000);
			assertThat(socket.isConnected()).isTrue();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

	}

}
