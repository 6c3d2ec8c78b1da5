package io.anycable.spring.test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BroadcastTransport} that records publications instead of sending them to a
 * broker. The application's real {@code CableBroadcaster} runs on top of it, so payload
 * serialization, "to others", batches and after-commit delivery behave exactly as in
 * production; only the last hop is replaced. Thread-safe.
 * <p>
 * The recorder lives in the application context, which Spring caches and shares between
 * tests: it is cleared before each test method by
 * {@link BroadcastRecorderTestExecutionListener} (as Spring resets
 * {@code @MockitoBean}s), so a test sees what it and its {@code @BeforeEach} methods
 * broadcast, never what an earlier test did. {@link #clear()} forgets what was recorded
 * so far within a test.
 *
 * @author AnyCable Spring Boot contributors
 */
public class BroadcastRecorder implements BroadcastTransport {

	private final CableJson json;

	private final List<BroadcastRecord> broadcasts = Collections.synchronizedList(new ArrayList<>());

	private final List<String> disconnects = Collections.synchronizedList(new ArrayList<>());

	private final List<Integer> publicationSizes = Collections.synchronizedList(new ArrayList<>());

	private volatile @Nullable String outage;

	/**
	 * Create a recorder.
	 * @param json the application's JSON support
	 */
	public BroadcastRecorder(CableJson json) {
		this.json = json;
	}

	@Override
	public String name() {
		return "recorder";
	}

	@Override
	public void publish(String publication) throws IOException {
		String reason = this.outage;
		if (reason != null) {
			throw new IOException("Simulated broker outage: " + reason);
		}
		JsonNode node = this.json.read(publication, this.json.mapper().constructType(JsonNode.class), "publication");
		if (node.isArray()) {
			node.forEach(this::record);
			this.publicationSizes.add(node.size());
		}
		else {
			record(node);
			this.publicationSizes.add(1);
		}
	}

	@Override
	public boolean isConnected() {
		return this.outage == null;
	}

	/**
	 * Make every publication fail from now on, as a broker that is down does, so a test
	 * can check that the application copes: {@code broadcast} throws a
	 * {@code BroadcastException}, {@code broadcastAsync} completes exceptionally, and
	 * nothing is recorded. {@link #clear()}, run before each test, ends the outage.
	 * @param reason what the failures say, e.g. {@code "Redis is down"}
	 */
	public void simulateOutage(String reason) {
		this.outage = reason;
	}

	private void record(JsonNode message) {
		if (message.hasNonNull("stream")) {
			JsonNode meta = message.path("meta");
			this.broadcasts.add(new BroadcastRecord(message.get("stream").asText(), message.path("data").asText(),
					meta.path("exclude_socket").asText(null), meta.path("transient").asBoolean(false), this.json));
		}
		else {
			this.disconnects.add(message.path("payload").path("identifier").asText());
		}
	}

	/**
	 * Return every broadcast so far, in order.
	 * @return the broadcasts
	 */
	public List<BroadcastRecord> broadcasts() {
		synchronized (this.broadcasts) {
			return List.copyOf(this.broadcasts);
		}
	}

	/**
	 * Return the broadcasts to one stream, in order.
	 * @param stream the stream
	 * @return the broadcasts
	 */
	public List<BroadcastRecord> broadcastsTo(String stream) {
		return broadcasts().stream().filter((broadcast) -> broadcast.stream().equals(stream)).toList();
	}

	/**
	 * Return the identifiers of every remote disconnect so far.
	 * @return the identifiers JSON strings
	 */
	public List<String> disconnects() {
		synchronized (this.disconnects) {
			return List.copyOf(this.disconnects);
		}
	}

	/**
	 * Return how many messages each publication carried (more than one for a batch), in
	 * order.
	 * @return the sizes
	 */
	public List<Integer> publicationSizes() {
		synchronized (this.publicationSizes) {
			return List.copyOf(this.publicationSizes);
		}
	}

	CableJson json() {
		return this.json;
	}

	/**
	 * Forget everything recorded, for example what a test's setup broadcast before the
	 * part it checks, and end a {@linkplain #simulateOutage simulated outage}. Not needed
	 * between tests: {@link BroadcastRecorderTestExecutionListener} clears the recorder
	 * before each one.
	 */
	public void clear() {
		this.outage = null;
		this.broadcasts.clear();
		this.disconnects.clear();
		this.publicationSizes.clear();
	}

}
