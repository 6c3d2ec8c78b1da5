package io.anycable.spring.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An Action Cable client over the JDK's {@link WebSocket}, for the embedded server's
 * tests and the conformance suite: frames are parsed with Jackson into a queue; server
 * pings ({@code {"type":"ping"}}) are set aside for {@link #nextPing()} unless
 * {@link Builder#keepPings()} keeps them in line with the other frames. Every wait is
 * bounded ({@link #TIMEOUT} unless given) and every failed expectation reports the whole
 * transcript (frames sent and received, close).
 */
public final class CableClient implements AutoCloseable {

	/** The Action Cable JSON sub-protocol. */
	public static final String PROTOCOL = "actioncable-v1-json";

	/** AnyCable's extended sub-protocol. */
	public static final String EXT_PROTOCOL = "actioncable-v1-ext-json";

	/**
	 * How long a wait without its own timeout waits (connect, send, next frame, close).
	 */
	public static final Duration TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Frames longer than this are shortened in the transcript (not in {@link #frames()}).
	 */
	private static final int TRANSCRIPT_FRAME_LIMIT = 2000;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Object CLOSED_MARKER = new Object();

	private final String name;

	private final URI uri;

	private final boolean keepPings;

	private final boolean reading;

	private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

	private final LinkedBlockingQueue<JsonNode> pings = new LinkedBlockingQueue<>();

	private final List<String> transcript = new ArrayList<>();

	private final List<JsonNode> received = new ArrayList<>();

	private final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();

	private final long startNanos = System.nanoTime();

	private volatile WebSocket webSocket;

	private volatile String subprotocol;

	private CableClient(String name, URI uri, boolean keepPings, boolean reading) {
		this.name = name;
		this.uri = uri;
		this.keepPings = keepPings;
		this.reading = reading;
	}

	/**
	 * Start building a client.
	 * @param uri the WebSocket URI
	 * @return a builder
	 */
	public static Builder to(URI uri) {
		return new Builder(uri);
	}

	/**
	 * Start building a client of an Action Cable endpoint at {@code /cable} on a loopback
	 * port.
	 * @param port the port
	 * @param query the query string with its {@code ?}, or empty
	 * @return a builder
	 */
	public static Builder toCable(int port, String query) {
		return to(URI.create("ws://127.0.0.1:" + port + "/cable" + query));
	}

	/**
	 * Connect to {@code ws://127.0.0.1:<port>/cable?user=<user>} with {@value #PROTOCOL}.
	 * @param port the port
	 * @param user the {@code user} query parameter
	 * @return the connected client
	 */
	public static CableClient connect(int port, String user) {
		return toCable(port, "?user=" + user).name(user).connect();
	}

	/**
	 * Connect like {@link #connect(int, String)} and consume the welcome frame.
	 * @param port the port
	 * @param user the {@code user} query parameter
	 * @return the welcomed client
	 */
	public static CableClient welcomed(int port, String user) {
		CableClient client = connect(port, user);
		JsonNode frame = client.next();
		if (!"welcome".equals(frame.path("type").asText(null))) {
			throw client.fail("Expected the welcome frame, got " + frame, null);
		}
		return client;
	}

	/**
	 * Connect like {@link #connect(int, String)} a client that reads its first frame and
	 * then nothing more, like a stuck browser tab: the server's writes back up.
	 * @param port the port
	 * @param user the {@code user} query parameter
	 * @return the connected client
	 */
	public static CableClient stalled(int port, String user) {
		return toCable(port, "?user=" + user).name(user + " (stalled)").stalled().connect();
	}

	// ---- sending

	/**
	 * Send a raw text frame.
	 * @param text the text
	 */
	public void sendRaw(String text) {
		note(">> " + text);
		try {
			this.webSocket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw fail("Interrupted while sending " + text, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw fail("Cannot send " + text, ex);
		}
	}

	/**
	 * Send a JSON value (a {@code String} is sent as a JSON string: use {@link #sendRaw}
	 * for text).
	 * @param frame the frame (a Map, a JsonNode or any Jackson-serializable value)
	 */
	public void send(Object frame) {
		sendRaw(Json.write(frame));
	}

	/**
	 * Send {@code subscribe}.
	 * @param identifier the channel identifier string
	 */
	public void subscribe(String identifier) {
		send(Json.map("command", "subscribe", "identifier", identifier));
	}

	/**
	 * Send {@code unsubscribe}.
	 * @param identifier the channel identifier string
	 */
	public void unsubscribe(String identifier) {
		send(Json.map("command", "unsubscribe", "identifier", identifier));
	}

	/**
	 * Send {@code message} (perform an action): {@code data} travels as a JSON string, as
	 * Action Cable clients send it.
	 * @param identifier the channel identifier string
	 * @param action the action
	 * @param data other data keys as key, value pairs
	 */
	public void perform(String identifier, String action, Object... data) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("action", action);
		payload.putAll(Json.map(data));
		perform(identifier, payload);
	}

	/**
	 * Send {@code message} with the given data (its {@code action} key included), as a
	 * JSON string.
	 * @param identifier the channel identifier string
	 * @param data the data
	 */
	public void perform(String identifier, Map<String, ?> data) {
		send(Json.map("command", "message", "identifier", identifier, "data", Json.write(data)));
	}

	/**
	 * Send {@code whisper} (extended protocol): {@code data} is a JSON value, not a
	 * string.
	 * @param identifier the channel identifier string
	 * @param data the payload
	 */
	public void whisper(String identifier, Object data) {
		send(Json.map("command", "whisper", "identifier", identifier, "data", data));
	}

	/**
	 * Subscribe and consume the frames up to the confirmation.
	 * @param identifier the channel identifier string
	 * @return the frames received meanwhile, the confirmation last (transmissions of the
	 * subscribe callback come before it)
	 */
	public List<JsonNode> subscribeConfirmed(String identifier) {
		subscribe(identifier);
		return nextUntil(Frames.confirm(identifier), TIMEOUT);
	}

	/**
	 * Assert that nothing more was received: send the {@code ping} command and expect its
	 * {@code {"type":"pong"}} as the next frame. The server answers in order, so whatever
	 * an earlier command caused would come first. Only for servers that answer the
	 * {@code ping} command (the embedded server).
	 */
	public void assertNothingMore() {
		send(Json.map("command", "ping"));
		expectNext(Json.obj("type", "pong"));
	}

	// ---- receiving

	/**
	 * Wait for the next frame (pings skipped unless kept).
	 * @param timeout how long to wait
	 * @return the frame
	 */
	public JsonNode next(Duration timeout) {
		return receive(Frames.named("any frame", (frame) -> true), timeout);
	}

	/**
	 * Wait up to {@link #TIMEOUT} for the next frame (pings skipped unless kept).
	 * @return the frame
	 */
	public JsonNode next() {
		return next(TIMEOUT);
	}

	/**
	 * Wait up to {@link #TIMEOUT} for the next server ping.
	 * @return the ping frame
	 */
	public JsonNode nextPing() {
		if (this.keepPings) {
			return receive(Frames.type("ping"), TIMEOUT);
		}
		try {
			JsonNode ping = this.pings.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (ping == null) {
				throw fail("No ping within " + TIMEOUT + (isOpen() ? "" : " (closed)"), null);
			}
			return ping;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw fail("Interrupted", ex);
		}
	}

	/**
	 * Consume frames up to and including one matching the predicate.
	 * @param last the frame to stop at
	 * @param timeout how long to wait for all of them
	 * @return the frames, the matching one last
	 */
	public List<JsonNode> nextUntil(Predicate<JsonNode> last, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<JsonNode> frames = new ArrayList<>();
		while (true) {
			JsonNode frame = take(deadline, last, timeout);
			frames.add(frame);
			if (last.test(frame)) {
				return frames;
			}
		}
	}

	/**
	 * Wait for the next frame and assert it equals the expected JSON value (key order is
	 * irrelevant).
	 * @param expected the expected frame
	 * @param timeout how long to wait
	 * @return the frame
	 */
	public JsonNode expectNext(JsonNode expected, Duration timeout) {
		JsonNode frame = next(timeout);
		if (!frame.equals(expected)) {
			throw fail("Expected the next frame to be " + expected + "\n                      but it was " + frame,
					null);
		}
		return frame;
	}

	/**
	 * Wait up to 5 seconds for the next frame and assert it equals the expected JSON
	 * value.
	 * @param expected the expected frame
	 * @return the frame
	 */
	public JsonNode expectNext(JsonNode expected) {
		return expectNext(expected, TIMEOUT);
	}

	/**
	 * Wait for a frame matching the predicate; frames that do not match are skipped (they
	 * stay in the transcript).
	 * @param predicate what to wait for
	 * @param timeout how long to wait
	 * @return the frame
	 */
	public JsonNode receive(Predicate<JsonNode> predicate, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			JsonNode frame = take(deadline, predicate, timeout);
			if (predicate.test(frame)) {
				return frame;
			}
			note("   (skipped while waiting for " + predicate + ")");
		}
	}

	/**
	 * Assert that no frame (other than dropped pings) arrives for a while.
	 * @param duration how long to listen
	 */
	public void expectNoFrame(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return;
			}
			Object item = poll(left);
			if (item == null) {
				return;
			}
			if (item == CLOSED_MARKER) {
				this.queue.add(CLOSED_MARKER);
				return;
			}
			throw fail("Expected no frame for " + duration + ", got " + item, null);
		}
	}

	/**
	 * Wait until the server closes the connection.
	 * @param timeout how long to wait
	 * @return the close code and reason
	 */
	public CloseInfo awaitClose(Duration timeout) {
		try {
			return this.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw fail("The connection was not closed within " + timeout, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw fail("Interrupted", ex);
		}
		catch (ExecutionException ex) {
			throw fail("Close failed", ex);
		}
	}

	/**
	 * Wait up to {@link #TIMEOUT} until the server closes the connection.
	 * @return the close code and reason
	 */
	public CloseInfo awaitClose() {
		return awaitClose(TIMEOUT);
	}

	/**
	 * Return whether the connection is still open (no close received nor sent).
	 * @return {@code true} while open
	 */
	public boolean isOpen() {
		return !this.closed.isDone();
	}

	/**
	 * Return the negotiated sub-protocol.
	 * @return the sub-protocol, empty if none
	 */
	public String subprotocol() {
		return this.subprotocol;
	}

	/**
	 * Return every frame received so far, pings included.
	 * @return the frames
	 */
	public List<JsonNode> frames() {
		synchronized (this.transcript) {
			return new ArrayList<>(this.received);
		}
	}

	/**
	 * Return the transcript, for diagnostics.
	 * @return the transcript text
	 */
	public String transcript() {
		synchronized (this.transcript) {
			return "----- transcript of client " + this.name + " (" + this.uri + ", protocol " + this.subprotocol
					+ ") -----\n" + String.join("\n", this.transcript) + "\n-----";
		}
	}

	/**
	 * Close the connection (1000) and wait briefly for the server's close; abort if it
	 * does not come. A {@link Builder#stalled() stalled} client reads nothing, so it just
	 * aborts.
	 */
	@Override
	public void close() {
		WebSocket ws = this.webSocket;
		if (ws == null || this.closed.isDone()) {
			return;
		}
		if (!this.reading) {
			abort();
			return;
		}
		note(">> close 1000");
		try {
			ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
			this.closed.get(3, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// fall through to abort
		}
		if (!ws.isInputClosed() || !ws.isOutputClosed()) {
			ws.abort();
		}
		this.closed.complete(new CloseInfo(WebSocket.NORMAL_CLOSURE, "closed by client", null));
	}

	/**
	 * Close the connection (1000) and wait until the server's close arrives, failing if
	 * it does not.
	 * @return the server's close
	 */
	public CloseInfo closeAndWait() {
		note(">> close 1000");
		try {
			this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw fail("Interrupted while closing", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw fail("Cannot send the close frame", ex);
		}
		return awaitClose(TIMEOUT);
	}

	/**
	 * Drop the TCP connection without a close handshake.
	 */
	public void abort() {
		note(">> abort");
		WebSocket ws = this.webSocket;
		if (ws != null) {
			ws.abort();
		}
		this.closed.complete(new CloseInfo(-1, "aborted by client", null));
	}

	/**
	 * Build an assertion error carrying the transcript.
	 * @param message the message
	 * @param cause the cause or {@code null}
	 * @return the error
	 */
	public AssertionError fail(String message, Throwable cause) {
		return new AssertionError("[" + this.name + "] " + message + "\n" + transcript(), cause);
	}

	// the next queued frame before the deadline; fails on timeout and on close
	private JsonNode take(long deadline, Predicate<JsonNode> awaited, Duration timeout) {
		Object item = poll(deadline - System.nanoTime());
		if (item == null) {
			throw fail("No frame matching " + awaited + " within " + timeout, null);
		}
		if (item == CLOSED_MARKER) {
			this.queue.add(CLOSED_MARKER);
			throw fail("Connection closed while waiting for a frame matching " + awaited, null);
		}
		return (JsonNode) item;
	}

	private Object poll(long nanos) {
		try {
			return this.queue.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw fail("Interrupted", ex);
		}
	}

	private void note(String line) {
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
		synchronized (this.transcript) {
			this.transcript.add(String.format("%6d ms %s", millis, line));
		}
	}

	private void onFrame(String text) {
		JsonNode frame;
		try {
			frame = Json.parse(text);
		}
		catch (IllegalArgumentException ex) {
			ObjectNode raw = Json.MAPPER.createObjectNode();
			raw.put("$unparseable", text);
			frame = raw;
		}
		boolean ping = frame.path("type").asText("").equals("ping");
		synchronized (this.transcript) {
			this.received.add(frame);
		}
		if (ping && !this.keepPings) {
			this.pings.add(frame);
			return;
		}
		note("<< " + ((text.length() <= TRANSCRIPT_FRAME_LIMIT) ? text
				: text.substring(0, TRANSCRIPT_FRAME_LIMIT) + "... (" + text.length() + " chars)"));
		this.queue.add(frame);
	}

	private void onClosed(CloseInfo info) {
		note("<< " + info);
		this.closed.complete(info);
		this.queue.add(CLOSED_MARKER);
	}

	private static WebSocket.Builder webSocketBuilder(Map<String, String> headers, List<String> subprotocols,
			Duration timeout) {
		WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(timeout);
		headers.forEach(builder::header);
		if (!subprotocols.isEmpty()) {
			builder.subprotocols(subprotocols.get(0),
					subprotocols.subList(1, subprotocols.size()).toArray(new String[0]));
		}
		return builder;
	}

	private void open(Map<String, String> headers, List<String> subprotocols, Duration timeout) {
		WebSocket.Builder builder = webSocketBuilder(headers, subprotocols, timeout);
		note("connecting with headers " + headers + ", protocols " + subprotocols);
		try {
			this.webSocket = builder.buildAsync(this.uri, new Listener())
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			this.subprotocol = this.webSocket.getSubprotocol();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw fail("Interrupted while connecting", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw fail("Cannot connect to " + this.uri, ex);
		}
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		@Override
		public void onOpen(WebSocket webSocket) {
			note("<< open (" + Instant.now() + ")");
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String frame = this.text.toString();
				this.text.setLength(0);
				onFrame(frame);
			}
			requestMore(webSocket);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			note("<< binary frame of " + data.remaining() + " bytes");
			requestMore(webSocket);
			return null;
		}

		private void requestMore(WebSocket webSocket) {
			if (CableClient.this.reading) {
				webSocket.request(1);
			}
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			onClosed(new CloseInfo(statusCode, reason, null));
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			onClosed(new CloseInfo(-1, null, error));
		}

	}

	/**
	 * How the connection ended.
	 *
	 * @param code the close code; -1 when the connection failed without a valid close
	 * frame
	 * @param reason the close reason
	 * @param error the error when the connection failed (e.g. the JDK refuses a close
	 * frame carrying code 1006, which must not be sent on the wire)
	 */
	public record CloseInfo(int code, String reason, Throwable error) {

		@Override
		public String toString() {
			return (this.error != null) ? "connection failed: " + this.error
					: "close " + this.code + " \"" + this.reason + "\"";
		}

	}

	/**
	 * Builds and connects a {@link CableClient}.
	 */
	public static final class Builder {

		private final URI uri;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private final List<String> subprotocols = new ArrayList<>(List.of(PROTOCOL));

		private String name;

		private boolean keepPings;

		private boolean reading = true;

		private Duration timeout = TIMEOUT;

		private Builder(URI uri) {
			this.uri = uri;
		}

		/**
		 * Name the client in transcripts.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Add a request header.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * Add a {@code Cookie} header.
		 * @param cookie e.g. {@code username=john green}
		 * @return this builder
		 */
		public Builder cookie(String cookie) {
			return header("Cookie", cookie);
		}

		/**
		 * Use the extended protocol {@code actioncable-v1-ext-json}.
		 * @return this builder
		 */
		public Builder extended() {
			this.subprotocols.clear();
			this.subprotocols.add(EXT_PROTOCOL);
			return this;
		}

		/**
		 * Offer these sub-protocols instead, in preference order.
		 * @param protocols the protocols
		 * @return this builder
		 */
		public Builder subprotocols(String... protocols) {
			this.subprotocols.clear();
			this.subprotocols.addAll(List.of(protocols));
			return this;
		}

		/**
		 * Add request headers.
		 * @param headers the headers
		 * @return this builder
		 */
		public Builder headers(Map<String, String> headers) {
			this.headers.putAll(headers);
			return this;
		}

		/**
		 * Keep server pings in the queue (instead of setting them aside for
		 * {@link CableClient#nextPing()}).
		 * @return this builder
		 */
		public Builder keepPings() {
			this.keepPings = true;
			return this;
		}

		/**
		 * Read the first frame and then nothing more, like a stuck browser tab.
		 * @return this builder
		 */
		public Builder stalled() {
			this.reading = false;
			return this;
		}

		/**
		 * Connect.
		 * @return the connected client
		 */
		public CableClient connect() {
			String name = (this.name != null) ? this.name
					: this.uri.getRawPath() + ((this.uri.getRawQuery() != null) ? "?" + this.uri.getRawQuery() : "");
			CableClient client = new CableClient(name, this.uri, this.keepPings, this.reading);
			client.open(this.headers, this.subprotocols, this.timeout);
			return client;
		}

		/**
		 * Attempt the handshake, expecting the server to refuse it before the upgrade.
		 * @return the HTTP status of the refusal
		 */
		public int refusedStatus() {
			String attempt = "The handshake to " + this.uri + " with headers " + this.headers;
			try {
				WebSocket webSocket = webSocketBuilder(this.headers, this.subprotocols, this.timeout)
					.buildAsync(this.uri, new WebSocket.Listener() {
					})
					.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
				webSocket.abort();
				throw new AssertionError(attempt + " was accepted");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(attempt + " was interrupted", ex);
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof WebSocketHandshakeException refused) {
					return refused.getResponse().statusCode();
				}
				throw new AssertionError(attempt + " failed", ex);
			}
			catch (TimeoutException ex) {
				throw new AssertionError(attempt + " timed out", ex);
			}
		}

	}

}
