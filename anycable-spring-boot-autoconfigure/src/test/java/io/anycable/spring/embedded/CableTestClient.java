package io.anycable.spring.embedded;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A WebSocket client speaking Action Cable, built on the JDK's client: every wait is bounded, frames are
 * parsed JSON, server pings are set aside unless asked for.
 */
final class CableTestClient implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	static final ObjectMapper mapper = new ObjectMapper();

	private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();

	private final BlockingQueue<JsonNode> pings = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private final WebSocket socket;

	private final boolean reading;

	private CableTestClient(WebSocket.Builder builder, URI uri, boolean reading) {
		this.reading = reading;
		this.socket = builder.buildAsync(uri, new Listener()).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
	}

	static CableTestClient connect(int port, String query, Map<String, String> headers, String... subProtocols) {
		return connect(port, query, headers, true, subProtocols);
	}

	/** Connect a client that reads its first frame and then nothing more, like a stuck browser tab. */
	static CableTestClient stalled(int port, String user) {
		return connect(port, "?user=" + user, Map.of(), false, "actioncable-v1-json");
	}

	private static CableTestClient connect(int port, String query, Map<String, String> headers, boolean reading,
			String... subProtocols) {
		WebSocket.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().newWebSocketBuilder();
		headers.forEach(builder::header);
		if (subProtocols.length > 0) {
			builder.subprotocols(subProtocols[0], Arrays.copyOfRange(subProtocols, 1, subProtocols.length));
		}
		return new CableTestClient(builder, URI.create("ws://127.0.0.1:" + port + "/cable" + query), reading);
	}

	static CableTestClient connect(int port, String user) {
		return connect(port, "?user=" + user, Map.of(), "actioncable-v1-json");
	}

	/** Connect and consume the welcome frame. */
	static CableTestClient welcomed(int port, String user) {
		CableTestClient client = connect(port, user);
		assertThat(client.next().path("type").asText()).isEqualTo("welcome");
		return client;
	}

	String subProtocol() {
		return this.socket.getSubprotocol();
	}

	void send(Object frame) {
		String text = (frame instanceof String string) ? string : write(frame);
		this.socket.sendText(text, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
	}

	void subscribe(String identifier) {
		send(Map.of("command", "subscribe", "identifier", identifier));
	}

	/** Subscribe and consume frames up to the confirmation. */
	List<JsonNode> subscribed(String identifier) {
		subscribe(identifier);
		return nextUntil("confirm_subscription");
	}

	void perform(String identifier, Map<String, Object> data) {
		send(Map.of("command", "message", "identifier", identifier, "data", write(data)));
	}

	JsonNode next() {
		return poll(this.frames, "a frame");
	}

	JsonNode nextPing() {
		return poll(this.pings, "a ping");
	}

	/** Consume frames up to and including one of the given type. */
	List<JsonNode> nextUntil(String type) {
		List<JsonNode> result = new ArrayList<>();
		JsonNode frame;
		do {
			frame = next();
			result.add(frame);
		}
		while (!type.equals(frame.path("type").asText()));
		return result;
	}

	/**
	 * Assert nothing was received: a ping's pong is the next frame, and the server answers in order, so
	 * anything an earlier command caused would come before it.
	 */
	void assertNothingMore() {
		send(Map.of("command", "ping"));
		assertThat(next()).isEqualTo(json("{\"type\":\"pong\"}"));
	}

	int awaitClose() {
		try {
			return this.closeCode.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			return fail("No close within " + TIMEOUT, ex);
		}
	}

	boolean isClosed() {
		return this.closeCode.isDone();
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		this.socket.abort();
	}

	void closeAndWait() {
		this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
		awaitClose();
	}

	static JsonNode json(String text) {
		try {
			return mapper.readTree(text);
		}
		catch (Exception ex) {
			throw new IllegalArgumentException(text, ex);
		}
	}

	static String write(Object value) {
		try {
			return mapper.writeValueAsString(value);
		}
		catch (Exception ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	static String identifier(String channel, String... params) {
		ObjectNode node = mapper.createObjectNode().put("channel", channel);
		for (int i = 0; i < params.length; i += 2) {
			node.put(params[i], params[i + 1]);
		}
		return node.toString();
	}

	static JsonNode message(String identifier, Object message) {
		ObjectNode node = mapper.createObjectNode().put("identifier", identifier);
		node.set("message", mapper.valueToTree(message));
		return node;
	}

	private JsonNode poll(BlockingQueue<JsonNode> queue, String what) {
		try {
			JsonNode frame = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (frame == null) {
				fail("Expected " + what + " within " + TIMEOUT + (isClosed() ? " (closed)" : ""));
			}
			return frame;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				JsonNode frame = json(this.text.toString());
				this.text.setLength(0);
				("ping".equals(frame.path("type").asText()) ? CableTestClient.this.pings : CableTestClient.this.frames)
					.add(frame);
			}
			if (CableTestClient.this.reading) {
				webSocket.request(1);
			}
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			CableTestClient.this.closeCode.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			CableTestClient.this.closeCode.complete(-1);
		}

	}

}
