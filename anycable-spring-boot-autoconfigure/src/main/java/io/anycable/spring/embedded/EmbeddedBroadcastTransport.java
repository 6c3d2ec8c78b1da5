package io.anycable.spring.embedded;

import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.broadcast.DefaultCableBroadcaster;
import io.anycable.spring.protocol.Publications;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Hands publications to the {@link EmbeddedCableServer} in the same process instead of a
 * broker, so the {@link DefaultCableBroadcaster} (batches, transactions,
 * {@code toOthers()}) delivers to the embedded endpoint's clients. Reads the publication
 * format the way anycable-go does ({@link Publications}).
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
	public void publish(String publication) {
		Publications.decode(this.json.mapper(), publication, new Publications.Receiver() {

			@Override
			public void message(String stream, String data, @Nullable String excludeSocket) {
				EmbeddedBroadcastTransport.this.server.broadcast(stream, data, excludeSocket);
			}

			@Override
			public void disconnect(String identifiersJson, boolean reconnect) {
				EmbeddedBroadcastTransport.this.server.disconnect(identifiersJson, reconnect);
			}

		});
	}

	@Override
	public boolean isConnected() {
		return this.server.isRunning();
	}

	@Override
	public void checkConnection() {
		if (!isConnected()) {
			throw new IllegalStateException("The embedded Action Cable endpoint is not running");
		}
	}

	@Override
	public String target() {
		return "in-process";
	}

	@Override
	public String toString() {
		return "the embedded Action Cable endpoint (in-process)";
	}

}
