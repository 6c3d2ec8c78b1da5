package io.anycable.spring.rpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.anycable.spring.connection.CableSocket;
import io.anycable.spring.connection.CableState;
import io.anycable.spring.connection.ConnectionOptions;
import io.anycable.spring.connection.SocketConnection;
import io.anycable.spring.connection.SocketConnectionFactory;

/**
 * A hand-written framework on the low-level contract alone: proof that a connection can
 * be written without the channel framework.
 * <ul>
 * <li>Connect: {@code ?user=x} accepts with identifiers {@code {"user":"x"}} and counts
 * visits in the connection state; no user rejects (transmitting a goodbye first);
 * {@code ?boom} throws; {@code ?identifiers=<json>} answers that JSON as
 * identifiers.</li>
 * <li>subscribe: transmits "hello" and streams {@code room:<room>}; the {@code Private}
 * channel is refused; the {@code Whisper} channel sets {@code $w}.</li>
 * <li>message: {@code echo} transmits the text and counts in the channel state;
 * {@code leave} closes the connection; {@code fail} throws; {@code stop} stops one
 * stream; {@code forget} removes state.</li>
 * <li>Disconnect: records what it saw.</li>
 * </ul>
 */
public class EchoConnectionFactory implements SocketConnectionFactory {

	public final List<String> closed = new CopyOnWriteArrayList<>();

	@Override
	public SocketConnection create(CableSocket socket, ConnectionOptions options) {
		return new SocketConnection() {

			private String identifiers = options.identifiers();

			@Override
			public void handleOpen() {
				if (socket.request().param("boom").isPresent()) {
					throw new IllegalStateException("database is down");
				}
				String user = socket.request().param("user").orElse(null);
				if (user == null) {
					socket.transmit("{\"type\":\"goodbye\"}");
					socket.close();
					return;
				}
				// ?identifiers=<json> answers that JSON as written, the way a low-level
				// connection may
				this.identifiers = socket.request().param("identifiers").orElse("{\"user\":\"" + user + "\"}");
				CableState state = socket.connectionState();
				int visits = Integer.parseInt(state.get("visits").orElse("0"));
				state.put("visits", Integer.toString(visits + 1));
			}

			@Override
			public void handleClose() {
				StringBuilder record = new StringBuilder(String.valueOf(this.identifiers));
				for (String subscription : options.subscriptions()) {
					record.append(' ')
						.append(subscription)
						.append('=')
						.append(socket.channelState(subscription).asMap());
				}
				record.append(" cstate=").append(socket.connectionState().asMap());
				EchoConnectionFactory.this.closed.add(record.toString());
			}

			@Override
			public boolean handleChannelCommand(String identifier, String command, String data) {
				if (identifier.contains("Broken") && !command.equals("message")) {
					// what it transmitted is dropped with the rejection
					socket.transmit("{\"identifier\":" + quote(identifier) + ",\"message\":\"welcome\"}");
					throw new IllegalStateException("broker is down");
				}
				if (identifier.contains("Private")) {
					socket.subscribe(identifier, "secret");
					socket.channelState(identifier).put("$w", "secret");
					return false;
				}
				CableState state = socket.channelState(identifier);
				switch (command) {
					case "subscribe" -> {
						socket.transmit("{\"identifier\":" + quote(identifier) + ",\"message\":\"hello\"}");
						socket.subscribe(identifier, "room:" + (identifier.contains("\"room\":\"2\"") ? "2" : "1"));
						state.put("joined", "yes");
						if (identifier.contains("Whisper")) {
							state.put("$w", "room:1");
						}
					}
					case "unsubscribe" -> socket.unsubscribeFromAll(identifier);
					default -> {
						if (data.contains("\"fail\"")) {
							throw new IllegalArgumentException("cannot echo that");
						}
						if (data.contains("\"leave\"")) {
							socket.transmit("{\"type\":\"disconnect\",\"reason\":\"bye\",\"reconnect\":false}");
							socket.close();
						}
						else if (data.contains("\"stop\"")) {
							socket.unsubscribe(identifier, "room:1");
						}
						else if (data.contains("\"forget\"")) {
							state.remove("joined");
							socket.connectionState().put("visits", "");
						}
						else {
							int count = Integer.parseInt(state.get("count").orElse("0")) + 1;
							state.put("count", Integer.toString(count));
							socket.transmit("{\"identifier\":" + quote(identifier) + ",\"message\":" + data + "}");
						}
					}
				}
				return true;
			}

			@Override
			public String identifiersJson() {
				return this.identifiers;
			}

		};
	}

	public static String quote(String value) {
		return io.anycable.spring.protocol.JsonStrings.quote(value);
	}

	public static Map<String, String> cookies() {
		return Map.of("cookie", "a=b");
	}

}
