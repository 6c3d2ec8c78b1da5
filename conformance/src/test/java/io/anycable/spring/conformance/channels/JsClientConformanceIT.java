package io.anycable.spring.conformance.channels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.ConformanceFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official AnyCable JS client ({@code @anycable/core} over {@code ws}, extended
 * protocol) against anycable-go and the Spring Boot RPC server:
 * {@code conformance/js/client-scenario.mjs} connects, subscribes, performs, receives a
 * broadcast and whispers. Needs Node.js and {@code npm ci} in {@code conformance/js}
 * (scripts/conformance.sh does both checks).
 */
// the script broadcasts through anycable-go's HTTP broadcast endpoint
@Tag(ConformanceEnvironment.ANYCABLE_GO_ONLY)
class JsClientConformanceIT {

	private static final long TIMEOUT_SECONDS = 60;

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(ChannelConformanceApp.class);

	@Test
	void officialJsClientConnectsSubscribesPerformsReceivesAndWhispers() throws Exception {
		Path dir = ConformanceFiles.repoRoot().resolve("conformance/js");
		if (!Files.isDirectory(dir.resolve("node_modules/@anycable/core"))) {
			throw new IllegalStateException("conformance/js/node_modules is missing: run `npm ci` in " + dir
					+ " (scripts/conformance.sh does it)");
		}
		Path output = ConformanceFiles.logDir().resolve("JsClientConformanceIT.node.log");
		Process node;
		try {
			node = new ProcessBuilder("node", "client-scenario.mjs", env.server().ws("/cable").toString(),
					env.server().httpBroadcastUri().toString())
				.directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run `node` (Node.js >= 18 must be on the PATH)", ex);
		}
		boolean finished = node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		if (!finished) {
			node.toHandle().destroyForcibly();
			node.waitFor(5, TimeUnit.SECONDS);
		}
		String text = Files.readString(output, StandardCharsets.UTF_8);
		System.out.println(text);
		assertThat(finished).as("node finished within " + TIMEOUT_SECONDS + " s; output:\n" + text).isTrue();
		assertThat(node.exitValue()).as("node exit code; output:\n" + text).isZero();
		assertThat(text).contains("0 failed").doesNotContain("FAIL");
	}

}
