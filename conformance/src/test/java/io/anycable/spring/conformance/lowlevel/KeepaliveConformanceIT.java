package io.anycable.spring.conformance.lowlevel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.anycable.spring.conformance.support.AnyCableGoServer;
import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.ConformanceEnvironment.RunningApplication;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.Frames;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec §9 scenario 44: anycable-go's gRPC client pings every 10 s, even without calls in
 * flight. After more than 30 s of idleness (grpc-java's default policy would have sent
 * GOAWAY ENHANCE_YOUR_CALM "too_many_pings" after the third ping) the connection must
 * still be the first one and the next call must succeed on its first attempt.
 * <p>
 * A control pair runs in the same window: a second application with grpc-java's default
 * keepalive policy ({@code permit-keep-alive-time=5m}, no pings without calls) and its
 * own anycable-go. It must be dropped, which proves the log evidence this test relies on
 * is real. The class runs concurrently with the other test classes, so its idle time
 * costs no wall-clock time.
 */
// gRPC keepalive between anycable-go and the RPC server: the embedded server makes no
// gRPC calls
@Tag(ConformanceEnvironment.ANYCABLE_GO_ONLY)
@Execution(ExecutionMode.CONCURRENT)
class KeepaliveConformanceIT {

	private static final Duration IDLE = Duration.ofSeconds(36);

	/** grpc-go's own logging, so GOAWAY frames show in anycable-go's log. */
	private static final Map<String, String> GRPC_GO_LOGGING = Map.of("GRPC_GO_LOG_SEVERITY_LEVEL", "info",
			"GRPC_GO_LOG_VERBOSITY_LEVEL", "2");

	private static final Pattern GOAWAY = Pattern.compile("(?i)goaway|too_many_pings");

	private static final Pattern RPC_DISCONNECTED = Pattern.compile("DBG disconnected .*context=rpc");

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(LowLevelConformanceApp.class)
		.withEnv("GRPC_GO_LOG_SEVERITY_LEVEL", "info")
		.withEnv("GRPC_GO_LOG_VERBOSITY_LEVEL", "2");

	@Test
	void scenario44IdleConnectionSurvivesKeepalivePingsAndTheNextCallSucceedsFirstTime() throws Exception {
		AnyCableGoServer ours = env.server();
		// 1.5.2: "... context=rpc impl=grpc ...", 1.6: "RPC controller initialized: ...
		// impl: grpc ..."
		assertThat(ours.log()).containsPattern("impl[=:] ?grpc").contains("context=rpc");
		try (RunningApplication defaults = RunningApplication.start(LowLevelConformanceApp.class,
				"grpc.server.permit-keep-alive-time=5m", "grpc.server.permit-keep-alive-without-calls=false");
				AnyCableGoServer control = AnyCableGoServer.start("KeepaliveConformanceIT-control-grpc-defaults",
						defaults.rpcHost(), List.of(), GRPC_GO_LOGGING)) {
			welcome(ours, "before-idle");
			welcome(control, "control-before-idle");
			int oursMark = ours.logMark();
			int controlMark = control.logMark();

			Thread.sleep(IDLE.toMillis());

			// the control proves the detection works: grpc-java's defaults drop the idle
			// connection
			String controlEvidence = control.awaitLog(controlMark, GOAWAY, Duration.ofSeconds(10));
			assertThat(controlEvidence).containsIgnoringCase("too_many_pings");
			control.awaitLog(controlMark, RPC_DISCONNECTED, Duration.ofSeconds(5));

			// our defaults (permit-keep-alive-time=5s,
			// permit-keep-alive-without-calls=true) keep it
			List<String> idleLog = ours.logSince(oursMark);
			assertThat(idleLog).as("anycable-go log while idle")
				.noneMatch((line) -> GOAWAY.matcher(line).find())
				.noneMatch((line) -> RPC_DISCONNECTED.matcher(line).find());

			String sid = "s44-" + UUID.randomUUID();
			int beforeCall = ours.logMark();
			CableClient client = env.client("/cable").sid(sid).connect();
			client.receive(Frames.welcome(), Duration.ofSeconds(5));
			assertThat(env.rpc().calls(sid, "Connect")).as("Connect attempts after the idle period").hasSize(1);
			assertThat(ours.logSince(beforeCall)).as("anycable-go log of the call after the idle period")
				.noneMatch((line) -> line.contains("RPC failed"))
				.noneMatch((line) -> RPC_DISCONNECTED.matcher(line).find())
				.noneMatch((line) -> line.contains("DBG connected") && line.contains("context=rpc"));
		}
	}

	private static void welcome(AnyCableGoServer server, String name) {
		try (CableClient client = CableClient.to(server.ws("/cable")).name(name).connect()) {
			client.receive(Frames.welcome(), Duration.ofSeconds(5));
		}
	}

}
