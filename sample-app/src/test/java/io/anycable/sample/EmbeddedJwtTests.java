package io.anycable.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.jwt.CableJwtIssuer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the README promises of the sample started with {@code --anycable.secret=s3Krit}: a
 * WebSocket with the protocol's AnyCable JWT (no cookie, no session) is welcomed and
 * identified as {@code jane}; an expired token is told {@code token_expired}; a token
 * with a wrong signature is {@code unauthorized}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "anycable.secret=s3Krit" })
class EmbeddedJwtTests {

	/** Secret {@code s3Krit}, identifiers {@code {"user":"jane"}}, exp 1900000000. */
	static final String VECTOR = "eyJhbGciOiJIUzI1NiJ9.eyJleHQiOiJ7XCJ1c2VyXCI6XCJqYW5lXCJ9IiwiZXhwIjoxOTAwMDAwMDAwfQ"
			+ ".XfH3PG_Q4XW3RFRjIEvRguP23GI9t98u5ycQAjPzdno";

	private static final String LOBBY = "{\"channel\":\"ChatChannel\",\"room\":\"lobby\"}";

	@LocalServerPort
	private int port;

	@Test
	void theVectorTokenConnectsAsJaneWithoutASession() throws Exception {
		try (Frames frames = connect(VECTOR)) {
			assertThat(frames.next()).startsWith("{\"type\":\"welcome\"");
			frames.send("{\"command\":\"subscribe\",\"identifier\":" + quote(LOBBY) + "}");
			frames.nextContaining("confirm_subscription");
			frames.send("{\"command\":\"message\",\"identifier\":" + quote(LOBBY)
					+ ",\"data\":\"{\\\"action\\\":\\\"speak\\\",\\\"text\\\":\\\"hi\\\"}\"}");
			// the room gets the message from the user of the token
			assertThat(frames.nextContaining("\"type\":\"message\"")).contains("\"user\":\"jane\"");
		}
	}

	@Test
	void anExpiredTokenIsToldToRefresh() throws Exception {
		Clock lastYear = Clock.fixed(Instant.now().minus(Duration.ofDays(365)), ZoneOffset.UTC);
		String expired = new CableJwtIssuer("s3Krit", Duration.ofHours(1), "jid", lastYear)
			.issue(Map.of("user", "jane"));
		try (Frames frames = connect(expired)) {
			assertThat(frames.next())
				.isEqualTo("{\"type\":\"disconnect\",\"reason\":\"token_expired\",\"reconnect\":false}");
		}
	}

	@Test
	void aWrongSignatureIsUnauthorized() throws Exception {
		String forged = new CableJwtIssuer("not-the-secret", Duration.ofHours(1), "jid", Clock.systemUTC())
			.issue(Map.of("user", "jane"));
		try (Frames frames = connect(forged)) {
			assertThat(frames.next())
				.isEqualTo("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}");
		}
	}

	private Frames connect(String token) throws Exception {
		Frames frames = new Frames();
		frames.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.subprotocols("actioncable-v1-json")
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/cable?jid=" + token), frames)
			.get(10, TimeUnit.SECONDS);
		return frames;
	}

	private static String quote(String json) {
		return "\"" + json.replace("\"", "\\\"") + "\"";
	}

	/** The text frames of one WebSocket, in order. */
	static final class Frames implements WebSocket.Listener, AutoCloseable {

		private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

		private final StringBuilder partial = new StringBuilder();

		private WebSocket socket;

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.frames.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		String next() throws InterruptedException {
			String frame = this.frames.poll(10, TimeUnit.SECONDS);
			assertThat(frame).as("a frame within 10 s").isNotNull();
			return frame;
		}

		// pings keep coming: bounded by a deadline, not by the frames
		String nextContaining(String text) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (System.nanoTime() < deadline) {
				String frame = next();
				if (frame.contains(text)) {
					return frame;
				}
			}
			throw new AssertionError("No frame containing " + text + " within 10 s");
		}

		void send(String text) {
			this.socket.sendText(text, true).join();
		}

		@Override
		public void close() {
			this.socket.abort();
		}

	}

}
