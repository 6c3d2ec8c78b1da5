package io.anycable.spring.boot.autoconfigure;

import java.net.InetAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class AnyCableEnvironmentPostProcessorTests {

	private final AnyCableEnvironmentPostProcessor postProcessor = new AnyCableEnvironmentPostProcessor(
			(destination) -> destination.get());

	@Test
	void defaultRpcHostBindsLoopbackPort50051WithKeepaliveThatAnycableGoNeeds() {
		StandardEnvironment environment = process(Map.of());
		assertThat(environment.getProperty("grpc.server.address")).isEqualTo("127.0.0.1");
		assertThat(environment.getProperty("grpc.server.port")).isEqualTo("50051");
		assertThat(environment.getProperty("grpc.server.permit-keep-alive-time")).isEqualTo("5s");
		assertThat(environment.getProperty("grpc.server.permit-keep-alive-without-calls")).isEqualTo("true");
	}

	@Test
	void rubyStyleRpcHostDrivesTheServerAddress() {
		StandardEnvironment environment = process(Map.of("anycable.rpc_host", "0.0.0.0:50060"));
		assertThat(environment.getProperty("grpc.server.address")).isEqualTo("*");
		assertThat(environment.getProperty("grpc.server.port")).isEqualTo("50060");
	}

	@Test
	void environmentVariableDrivesTheServerAddress() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("env", Map.of("ANYCABLE_RPC_HOST", "[::1]:50070")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("grpc.server.address")).isEqualTo("::1");
		assertThat(environment.getProperty("grpc.server.port")).isEqualTo("50070");
	}

	@Test
	void explicitGrpcServerPropertiesWin() {
		StandardEnvironment environment = process(Map.of("anycable.rpc-host", "127.0.0.1:50080", "grpc.server.port",
				"9999", "grpc.server.permit-keep-alive-time", "7s"));
		assertThat(environment.getProperty("grpc.server.port")).isEqualTo("9999");
		assertThat(environment.getProperty("grpc.server.permit-keep-alive-time")).isEqualTo("7s");
		assertThat(environment.getProperty("grpc.server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void applicationDefaultPropertiesWinOverTheDerivedValues() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addLast(new MapPropertySource("defaultProperties", Map.of("grpc.server.port", "7777")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("grpc.server.port")).isEqualTo("7777");
		assertThat(environment.getProperty("grpc.server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void disabledAnycableLeavesTheGrpcServerAlone() {
		StandardEnvironment environment = process(Map.of("anycable.enabled", "false"));
		assertThat(environment.containsProperty("grpc.server.port")).isFalse();
	}

	@Test
	void embeddedServerTurnsTheGrpcServerOffAndSaysHowToTurnItOn(CapturedOutput output) {
		StandardEnvironment environment = process(Map.of("anycable.embedded.enabled", "true"),
				WebApplicationType.SERVLET);
		assertThat(environment.getProperty("grpc.server.port")).isEqualTo("-1");
		assertThat(environment.containsProperty("grpc.server.address")).isFalse();
		assertThat(output).contains("INFO")
			.contains("The gRPC server for anycable-go is off: the embedded server (anycable.embedded.enabled) "
					+ "answers clients in-process. Set anycable.rpc-host (e.g. 127.0.0.1:50051) to serve anycable-go "
					+ "as well.");
	}

	@Test
	void embeddedServerKeepsAnExplicitlyConfiguredGrpcServer() {
		StandardEnvironment withRpcHost = process(
				Map.of("anycable.embedded.enabled", "true", "anycable.rpc-host", "127.0.0.1:50090"),
				WebApplicationType.SERVLET);
		assertThat(withRpcHost.getProperty("grpc.server.port")).isEqualTo("50090");
		assertThat(withRpcHost.getProperty("grpc.server.address")).isEqualTo("127.0.0.1");
		StandardEnvironment withPort = process(Map.of("anycable.embedded.enabled", "true", "grpc.server.port", "9999"),
				WebApplicationType.SERVLET);
		assertThat(withPort.getProperty("grpc.server.port")).isEqualTo("9999");
		assertThat(withPort.getProperty("grpc.server.address")).isEqualTo("127.0.0.1");
		StandardEnvironment fromEnvironmentVariable = new StandardEnvironment();
		fromEnvironmentVariable.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("env",
					Map.of("ANYCABLE_EMBEDDED_ENABLED", "true", "ANYCABLE_RPC_HOST", "127.0.0.1:50091")));
		this.postProcessor.postProcessEnvironment(fromEnvironmentVariable, application(WebApplicationType.SERVLET));
		assertThat(fromEnvironmentVariable.getProperty("grpc.server.port")).isEqualTo("50091");
	}

	@Test
	void embeddedServerThatCannotRunLeavesTheGrpcServerOn() {
		StandardEnvironment environment = process(Map.of("anycable.embedded.enabled", "true"), WebApplicationType.NONE);
		assertThat(environment.getProperty("grpc.server.port")).isEqualTo("50051");
		assertThat(environment.getProperty("grpc.server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void withoutTheEmbeddedServerAServletApplicationListensOnTheDefaultRpcHost() {
		StandardEnvironment environment = process(Map.of(), WebApplicationType.SERVLET);
		assertThat(environment.getProperty("grpc.server.port")).isEqualTo("50051");
		assertThat(environment.getProperty("grpc.server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void hostNamesAreResolvedAndLocalhostIsLoopback() {
		StandardEnvironment environment = process(Map.of("anycable.rpc-host", "localhost:50051"));
		assertThat(environment.getProperty("grpc.server.address")).isEqualTo("127.0.0.1");
		assertThat(environment.getProperty("grpc.server.port")).isEqualTo("50051");
		// a name (not a literal) that resolves without a DNS server
		String hostName = InetAddress.getLoopbackAddress().getHostName();
		assertThat(process(Map.of("anycable.rpc-host", hostName + ":50052")).getProperty("grpc.server.address"))
			.isEqualTo(InetAddress.getLoopbackAddress().getHostAddress());
	}

	@Test
	void unknownHostNameFailsWithAnExplanation() {
		assertThatExceptionOfType(InvalidRpcHostException.class)
			.isThrownBy(() -> process(Map.of("anycable.rpc-host", "no-such-host.invalid:50051")))
			.withMessageStartingWith("Invalid anycable.rpc-host 'no-such-host.invalid:50051': "
					+ "the host 'no-such-host.invalid' cannot be resolved");
	}

	@Test
	void invalidRpcHostFailsWithAnExplanation() {
		assertThatExceptionOfType(InvalidRpcHostException.class)
			.isThrownBy(() -> process(Map.of("anycable.rpc-host", "localhost")))
			.withMessage("Invalid anycable.rpc-host 'localhost': it has no port");
		assertThatExceptionOfType(InvalidRpcHostException.class)
			.isThrownBy(() -> process(Map.of("anycable.rpc-host", "localhost:http")))
			.withMessage("Invalid anycable.rpc-host 'localhost:http': the port 'http' is not a number");
		assertThatExceptionOfType(InvalidRpcHostException.class)
			.isThrownBy(() -> process(Map.of("anycable.rpc-host", "::1:50051")))
			.withMessageContaining("must be written in brackets");
		assertThatExceptionOfType(InvalidRpcHostException.class)
			.isThrownBy(() -> process(Map.of("anycable.rpc-host", "host:70000")))
			.withMessageContaining("out of range");
	}

	@Test
	void failureAnalyzerTellsHowToWriteTheAddress() {
		FailureAnalysis analysis = new InvalidRpcHostFailureAnalyzer()
			.analyze(new IllegalStateException(new InvalidRpcHostException("nope", "it has no port")));
		assertThat(analysis.getDescription()).isEqualTo("Invalid anycable.rpc-host 'nope': it has no port.");
		assertThat(analysis.getAction()).contains("127.0.0.1:50051").contains("--rpc_host");
	}

	private StandardEnvironment process(Map<String, Object> properties) {
		return process(properties, WebApplicationType.NONE);
	}

	private StandardEnvironment process(Map<String, Object> properties, WebApplicationType type) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		this.postProcessor.postProcessEnvironment(environment, application(type));
		return environment;
	}

	private static SpringApplication application(WebApplicationType type) {
		SpringApplication application = new SpringApplication();
		application.setWebApplicationType(type);
		return application;
	}

}
