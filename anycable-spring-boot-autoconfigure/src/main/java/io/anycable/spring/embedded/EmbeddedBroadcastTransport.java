package io.anycable.spring.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.broadcast.DefaultCableBroadcaster;
import io.anycable.spring.support.CableJson;

import org.springframework.util.Assert;

/**
 * Hands publications to the {@link EmbeddedCableServer} in the same process instead of a broker, so the
 * {@link DefaultCableBroadcaster} (batches, transactions, {@code toOthers()}) delivers to the embedded
 * endpoint's clients. Reads the publication format the way anycable-go does (protocol §3.1): a message,
 * a batch of messages delivered in order, or a remote {@code disconnect} command.
 *
 * @author AnyCable Spring Boot contributors
 */
public class EmbeddedBroadcastTransport implements BroadcastTransport {

	private final EmbeddedCableServer server;

	private final CableJson json;

	/**
	 * Create a transport.
	 * @param server the server whose clients receive the broadcasts
	 * @param json reads publications
	 */
	public EmbeddedBroadcastTransport(EmbeddedCableServer server, CableJson json) {
		Assert.notNull(server, "EmbeddedCableServer must not be null");
		Assert.notNull(json, "CableJson must not be null");
		this.server = server;
		this.json = json;
	}

	@Override
	public String name() {
		return "embedded";
	}

	@Override
	public void publish(String publication) throws Exception {
		JsonNode node = this.json.mapper().readTree(publication);
		if (node.isArray()) {
			for (JsonNode message : node) {
				deliver(message);
			}
		}
		else if (node.hasNonNull("stream")) {
			deliver(node);
		}
		else if ("disconnect".equals(node.path("command").asText())) {
			JsonNode payload = node.path("payload");
			this.server.disconnect(payload.path("identifier").asText(), payload.path("reconnect").asBoolean());
		}
		else {
			throw new IllegalArgumentException("Invalid publication format: " + publication);
		}
	}

	@Override
	public boolean isConnected() {
		return this.server.isRunning();
	}

	@Override
	public String toString() {
		return "the embedded Action Cable endpoint (in-process)";
	}

	private void deliver(JsonNode message) {
		JsonNode excludeSocket = message.path("meta").path("exclude_socket");
		this.server.broadcast(message.path("stream").asText(), message.path("data").asText(),
				excludeSocket.isTextual() ? excludeSocket.textValue() : null);
	}

}
