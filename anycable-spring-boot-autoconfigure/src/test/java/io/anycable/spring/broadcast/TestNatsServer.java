package io.anycable.spring.broadcast;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.testsupport.FreePorts;

/**
 * A real nats-server process on a free loopback port. The binary is taken from
 * {@code NATS_SERVER} or the {@code PATH} (Debian installs it as /usr/sbin/nats-server);
 * a missing binary fails the test.
 */
public final class TestNatsServer implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private final Path binary;

	private final int port;

	private Process process;

	private TestNatsServer(Path binary, int port) {
		this.binary = binary;
		this.port = port;
	}

	/**
	 * Start a server on a free port.
	 * @return the running server
	 */
	public static TestNatsServer start() throws InterruptedException {
		TestNatsServer nats = new TestNatsServer(binary(), FreePorts.find());
		nats.restart();
		return nats;
	}

	public String url() {
		return "nats://127.0.0.1:" + this.port;
	}

	public void restart() throws InterruptedException {
		List<String> command = List.of(this.binary.toString(), "-a", "127.0.0.1", "-p", String.valueOf(this.port));
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		FreePorts.awaitListening(this.port, START_TIMEOUT);
	}

	public void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			stop();
		}
	}

	private static Path binary() {
		String explicit = System.getenv("NATS_SERVER");
		if (explicit != null && !explicit.isBlank()) {
			return Path.of(explicit);
		}
		String path = System.getenv().getOrDefault("PATH", "");
		List<String> directories = new ArrayList<>(List.of(path.split(File.pathSeparator)));
		directories.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin"));
		return directories.stream()
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, "nats-server"))
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"nats-server not found on the PATH nor in NATS_SERVER: install it (apt-get install nats-server) "
							+ "or run the build without -Pintegration"));
	}

}
