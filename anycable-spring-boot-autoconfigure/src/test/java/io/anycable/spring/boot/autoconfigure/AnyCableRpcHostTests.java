package io.anycable.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code anycable.rpc-host} as users write it, through a real application start: the values anycable-go
 * itself uses must work, and what cannot work must say why.
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
