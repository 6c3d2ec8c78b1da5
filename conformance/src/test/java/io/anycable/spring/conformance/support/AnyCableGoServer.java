package io.anycable.spring.conformance.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.anycable.spring.testsupport.FreePorts;

/**
 * A real anycable-go process on free loopback ports, built by
 * {@code scripts/install-anycable-go.sh}.
 * <p>
 * Always started with {@code ANYCABLE_DISABLE_TELEMETRY=true}, {@code --host=127.0.0.1},
 * {@code --presets=none}, {@code --broadcast_adapter=http} on its own port, without any
 * Redis URL in its environment, and with debug logging (captured line by line, written to
 * {@code target/conformance-logs/<name>.log}). Extra flags replace the defaults of the
 * same name.
 */
public final class AnyCableGoServer implements AutoCloseable {

	private static String version;

	/** Path of the binary relative to the repository root. */
	public static final String BINARY = "build-tools/bin/anycable-go";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final Process process;

	private final int port;

	private final Map<String, String> flags;

	private final List<String> lines = new ArrayList<>();

	private final Thread reader;

	private final PrintWriter logFile;

	private AnyCableGoServer(String name, Process process, int port, Map<String, String> flags, PrintWriter logFile) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.flags = flags;
		this.logFile = logFile;
		this.reader = new Thread(this::readOutput, "anycable-go-log-" + name);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Return the anycable-go binary, failing clearly when it was not installed: the
	 * pinned 1.5.2, or what {@code ANYCABLE_GO_BIN} or the system property
	 * {@code anycable.conformance.anycableGo} name.
	 * @return the binary
	 */
	public static Path binary() {
		String override = System.getenv("ANYCABLE_GO_BIN");
		if (override == null || override.isEmpty()) {
			// the run against anycable-go 1.6 (Failsafe execution
			// conformance-anycable-go-1.6)
			override = System.getProperty("anycable.conformance.anycableGo");
		}
		Path binary = (override != null && !override.isEmpty()) ? Path.of(override)
				: ConformanceFiles.repoRoot().resolve(BINARY);
		if (!Files.isExecutable(binary)) {
			throw new IllegalStateException("anycable-go binary not found at " + binary.toAbsolutePath().normalize()
					+ ": run scripts/install-anycable-go.sh (1.5.2) and scripts/install-anycable-go-1.6.sh (1.6.16) first"
					+ " (scripts/conformance.sh does it for you)");
		}
		return binary;
	}

	/**
	 * Return the version the binary reports ({@code anycable-go --version}), for the
	 * scenarios whose outcome differs between 1.5 and 1.6.
	 * @return the version, e.g. {@code 1.5.2}
	 */
	public static synchronized String version() {
		if (version == null) {
			try {
				Process process = new ProcessBuilder(binary().toString(), "--version").redirectErrorStream(true)
					.start();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
				if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
					throw new IllegalStateException("anycable-go --version failed: " + output);
				}
				version = output;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return version;
	}

	/**
	 * Start anycable-go and wait until {@code GET /health} answers 200.
	 * @param name a name for logs (e.g. the test class)
	 * @param rpcHost the {@code --rpc_host} value
	 * @param extraFlags extra flags as {@code --name=value} or {@code --name}; they
	 * replace defaults
	 * @return the running server
	 */
	public static AnyCableGoServer start(String name, String rpcHost, List<String> extraFlags) {
		return start(name, rpcHost, extraFlags, Map.of());
	}

	/**
	 * Start anycable-go with extra environment variables (e.g. grpc-go's
	 * {@code GRPC_GO_LOG_*}) and wait until {@code GET /health} answers 200.
	 * @param name a name for logs (e.g. the test class)
	 * @param rpcHost the {@code --rpc_host} value
	 * @param extraFlags extra flags as {@code --name=value} or {@code --name}; they
	 * replace defaults
	 * @param extraEnv extra environment variables
	 * @return the running server
	 */
	public static AnyCableGoServer start(String name, String rpcHost, List<String> extraFlags,
			Map<String, String> extraEnv) {
		Path binary = binary();
		IllegalStateException failure = null;
		// free ports are probed, then released: another process may take one in between,
		// so retry
		for (int attempt = 1; attempt <= 3; attempt++) {
			int port = FreePorts.find();
			int broadcastPort = FreePorts.find();
			Map<String, String> flags = new LinkedHashMap<>();
			flags.put("--host", "127.0.0.1");
			flags.put("--port", Integer.toString(port));
			flags.put("--path", "/cable");
			flags.put("--rpc_host", rpcHost);
			flags.put("--presets", "none");
			flags.put("--broadcast_adapter", "http");
			flags.put("--http_broadcast_port", Integer.toString(broadcastPort));
			flags.put("--shutdown_timeout", "3");
			flags.put("--log_level", "debug");
			for (String flag : extraFlags) {
				int eq = flag.indexOf('=');
				flags.put((eq > 0) ? flag.substring(0, eq) : flag, (eq > 0) ? flag.substring(eq + 1) : null);
			}
			List<String> command = new ArrayList<>();
			command.add(binary.toString());
			flags.forEach((flag, value) -> command.add((value != null) ? flag + "=" + value : flag));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			Map<String, String> env = builder.environment();
			env.keySet()
				.removeIf((key) -> key.startsWith("ANYCABLE_") || key.equals("REDIS_URL") || key.equals("PORT")
						|| key.equals("NATS_URL") || key.startsWith("FLY_") || key.startsWith("HEROKU_")
						|| key.equals("DYNO"));
			env.putAll(extraEnv);
			env.put("ANYCABLE_DISABLE_TELEMETRY", "true");
			String logName = name + ((attempt > 1) ? "-attempt" + attempt : "");
			PrintWriter logFile = ConformanceFiles.logWriter(logName + ".anycable-go.log");
			logFile.println("$ ANYCABLE_DISABLE_TELEMETRY=true " + String.join(" ", command));
			logFile.flush();
			AnyCableGoServer server;
			try {
				server = new AnyCableGoServer(name, builder.start(), port, flags, logFile);
			}
			catch (IOException ex) {
				logFile.close();
				throw new UncheckedIOException("Cannot start " + binary, ex);
			}
			try {
				server.awaitHealthy();
				return server;
			}
			catch (IllegalStateException ex) {
				server.close();
				failure = ex;
				if (!server.log().contains("address already in use")) {
					break;
				}
			}
		}
		throw failure;
	}

	private void awaitHealthy() {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		URI health = URI.create("http://127.0.0.1:" + this.port + "/health");
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				waitForReader();
				throw new IllegalStateException("anycable-go exited with code " + this.process.exitValue()
						+ " before becoming healthy\n" + formattedLog());
			}
			try {
				HttpResponse<String> response = HTTP.send(
						HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (ConnectException ex) {
				// not listening yet
			}
			catch (IOException ex) {
				// retry
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for anycable-go", ex);
			}
			sleep(50);
		}
		throw new IllegalStateException("anycable-go did not answer GET " + health + " with 200 within " + START_TIMEOUT
				+ "\n" + formattedLog());
	}

	private void readOutput() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				synchronized (this.lines) {
					this.lines.add(line);
					this.lines.notifyAll();
				}
				synchronized (this.logFile) {
					this.logFile.println(line);
					this.logFile.flush();
				}
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
	}

	private void waitForReader() {
		try {
			this.reader.join(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Return the name given at start.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the main (WebSocket and health) port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the flags the server runs with.
	 * @return the flags, flag name to value ({@code null} for a switch)
	 */
	public Map<String, String> flags() {
		return this.flags;
	}

	/**
	 * Return the WebSocket URI of a path and query, e.g. {@code /cable?uid=1}.
	 * @param pathAndQuery the path, with query
	 * @return the URI
	 */
	public URI ws(String pathAndQuery) {
		return URI.create("ws://127.0.0.1:" + this.port + pathAndQuery);
	}

	/**
	 * Return the URL anycable-go reports to the RPC server as {@code env.url} for a
	 * WebSocket path.
	 * @param pathAndQuery the path, with query
	 * @return the URL (scheme http)
	 */
	public String httpUrl(String pathAndQuery) {
		return "http://127.0.0.1:" + this.port + pathAndQuery;
	}

	/**
	 * Return the HTTP broadcast endpoint ({@code --http_broadcast_port} is always set
	 * explicitly, so it is the broadcast port even when a broadcast key exists).
	 * @return the URI
	 */
	public URI httpBroadcastUri() {
		String path = this.flags.getOrDefault("--http_broadcast_path", "/_broadcast");
		return URI.create("http://127.0.0.1:" + this.flags.get("--http_broadcast_port") + path);
	}

	/**
	 * Return the number of log lines so far (a mark for {@link #logSince(int)}).
	 * @return the line count
	 */
	public int logMark() {
		synchronized (this.lines) {
			return this.lines.size();
		}
	}

	/**
	 * Return the log lines written after a mark.
	 * @param mark a value of {@link #logMark()}
	 * @return the lines
	 */
	public List<String> logSince(int mark) {
		synchronized (this.lines) {
			return new ArrayList<>(this.lines.subList(Math.min(mark, this.lines.size()), this.lines.size()));
		}
	}

	/**
	 * Return the whole log so far.
	 * @return the log text
	 */
	public String log() {
		synchronized (this.lines) {
			return String.join("\n", this.lines);
		}
	}

	/**
	 * Return the log framed for a test report.
	 * @return the text
	 */
	public String formattedLog() {
		String state = this.process.isAlive() ? "running" : "exited with code " + this.process.exitValue();
		return "----- anycable-go [" + this.name + "] log (" + logMark() + " lines, " + state + ") -----\n" + log()
				+ "\n----- end of anycable-go log -----";
	}

	/**
	 * Wait until a log line after a mark matches.
	 * @param mark a value of {@link #logMark()}
	 * @param pattern what to find
	 * @param timeout how long to wait
	 * @return the matching line
	 */
	public String awaitLog(int mark, Pattern pattern, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Predicate<String> matches = (line) -> pattern.matcher(line).find();
		synchronized (this.lines) {
			int index = mark;
			while (true) {
				for (; index < this.lines.size(); index++) {
					if (matches.test(this.lines.get(index))) {
						return this.lines.get(index);
					}
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError("No anycable-go log line matching /" + pattern + "/ within " + timeout
							+ " (lines since mark: " + (this.lines.size() - mark) + ")");
				}
				try {
					this.lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted", ex);
				}
			}
		}
	}

	/**
	 * Return whether the process is alive.
	 * @return {@code true} while running
	 */
	public boolean isRunning() {
		return this.process.isAlive();
	}

	/**
	 * Send SIGTERM (a graceful shutdown: anycable-go disconnects its clients with
	 * {@code server_restart}).
	 */
	public void terminate() {
		// not Process.destroy(): it also closes our end of the stdout pipe, and
		// anycable-go then dies of
		// SIGPIPE (exit 141) on its next log line, in the middle of its graceful shutdown
		this.process.toHandle().destroy();
	}

	/**
	 * Wait for the process to exit.
	 * @param timeout how long to wait
	 * @return whether it exited
	 */
	public boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Stop the process: SIGTERM, then SIGKILL after 5 seconds. Safe to call twice.
	 */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			terminate();
			if (!awaitExit(Duration.ofSeconds(5))) {
				this.process.toHandle().destroyForcibly();
				awaitExit(Duration.ofSeconds(5));
			}
		}
		waitForReader();
		synchronized (this.logFile) {
			this.logFile.close();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
