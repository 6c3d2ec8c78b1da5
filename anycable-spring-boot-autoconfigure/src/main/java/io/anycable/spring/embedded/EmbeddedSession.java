package io.anycable.spring.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.protocol.CableFrames;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.RpcMetadata;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.Env;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.support.CableJson;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;

/**
 * What anycable-go keeps for one client (protocol §2.1): session id, request, identifiers, connection
 * state, and per subscription its state and streams. Commands are handled one at a time under the
 * session's lock, like anycable-go's read loop; their responses are applied in anycable-go's order.
 */
final class EmbeddedSession {

	/** Connect FAILURE. */
	static final CloseStatus AUTH_FAILED = new CloseStatus(CloseStatus.NORMAL.getCode(), "Auth Failed");

	/** Connect ERROR. */
	static final CloseStatus AUTH_ERROR = new CloseStatus(CloseStatus.SERVER_ERROR.getCode(), "Auth Error");

	/**
	 * A Command response asked to close the connection. anycable-go writes 1006 into the close frame, which
	 * RFC 6455 forbids (and servlet containers rewrite), so this server closes normally.
	 */
	static final CloseStatus COMMAND_FAILED = new CloseStatus(CloseStatus.NORMAL.getCode(), "Command Failed");

	/** Remote disconnect through the broadcaster. */
	static final CloseStatus CLOSED_REMOTELY = new CloseStatus(CloseStatus.NORMAL.getCode(), "Closed remotely");

	/** Server shutdown. */
	static final CloseStatus SERVER_RESTART = new CloseStatus(CloseStatus.GOING_AWAY.getCode(), "Server restart");

	private static final String WHISPER_KEY = "$w";

	private static final String PONG = "{\"type\":\"pong\"}";

	private static final Log logger = LogFactory.getLog(EmbeddedSession.class);

	private final EmbeddedCableServer server;

	private final String sid;

	private final String url;

	private final Map<String, String> headers;

	private final SessionOutbox outbox;

	private final RpcMetadata metadata;

	private final Object lock = new Object();

	private final Map<String, String> connectionState = new LinkedHashMap<>();

	// insertion order = subscription order, so Disconnect lists them in a stable order
	private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

	private String identifiers;

	private boolean connected;

	private boolean closed;

	private ScheduledFuture<?> pings;

	EmbeddedSession(EmbeddedCableServer server, String sid, String url, Map<String, String> headers,
			SessionOutbox outbox) {
		this.server = server;
		this.sid = sid;
		this.url = url;
		this.headers = headers;
		this.outbox = outbox;
		this.metadata = new RpcMetadata(sid, AnyCableRpcHandler.PROTOCOL_VERSION);
	}

	String sid() {
		return this.sid;
	}

	String identifiers() {
		return this.identifiers;
	}

	/**
	 * Authenticate the client with the Connect RPC.
	 * @param register makes the session reachable by its identifiers; run before the welcome is sent
	 * @return whether the client is connected
	 */
	boolean connect(Runnable register) {
		ConnectionResponse response = this.server.rpc()
			.connect(ConnectionRequest.newBuilder().setEnv(env(Map.of())).build(), this.metadata);
		synchronized (this.lock) {
			if (response.getStatus() == Status.ERROR) {
				logger.debug("Connect of " + this.sid + " failed: " + response.getErrorMsg());
				this.outbox.close(AUTH_ERROR);
				return false;
			}
			merge(this.connectionState, response.getEnv().getCstateMap());
			if (response.getStatus() == Status.SUCCESS) {
				this.identifiers = response.getIdentifiers();
				this.connected = true;
				// registered before the welcome leaves, as anycable-go does: a client that reacts to its
				// welcome can already be reached by a remote disconnect
				register.run();
			}
			response.getTransmissionsList().forEach(this.outbox::send);
			if (!this.connected) {
				this.outbox.close(AUTH_FAILED);
			}
			return this.connected;
		}
	}

	/**
	 * Handle one client frame.
	 * @param text the frame
	 */
	void handle(String text) {
		JsonNode frame = parse(text);
		String command = (frame != null) ? frame.path("command").asText("") : "";
		JsonNode identifierNode = (frame != null) ? frame.path("identifier") : null;
		String identifier = (identifierNode != null && identifierNode.isTextual()) ? identifierNode.textValue() : null;
		switch (command) {
			case "ping" -> this.outbox.send(PONG);
			case "pong" -> {
				// extended protocol: only needed with a pong timeout, which this server does not enforce
			}
			case "subscribe", "unsubscribe" -> command(command, identifier, null);
			case "message" -> {
				JsonNode data = frame.path("data");
				if (data.isTextual()) {
					command(command, identifier, data.textValue());
				}
				else {
					ignore(command, identifier, "its data is not a JSON string");
				}
			}
			case "whisper" -> whisper(identifier, frame.path("data"));
			case "history" -> history(identifier);
			default -> ignore(command, identifier, "the command is not supported");
		}
	}

	private void command(String command, String identifier, String data) {
		if (identifier == null) {
			ignore(command, null, "it has no identifier string");
			return;
		}
		synchronized (this.lock) {
			if (this.closed || this.outbox.isClosing()) {
				return;
			}
			boolean subscribed = this.subscriptions.containsKey(identifier);
			boolean subscribe = command.equals("subscribe");
			if (subscribe == subscribed) {
				ignore(command, identifier, subscribe ? "already subscribed" : "not subscribed");
				return;
			}
			Subscription subscription = subscribe ? new Subscription() : this.subscriptions.get(identifier);
			CommandMessage.Builder request = CommandMessage.newBuilder()
				.setCommand(command)
				.setIdentifier(identifier)
				.setConnectionIdentifiers(this.identifiers)
				.setEnv(env(subscription.state));
			if (data != null) {
				request.setData(data);
			}
			CommandResponse response = this.server.rpc().command(request.build(), this.metadata);
			if (response.getStatus() == Status.ERROR) {
				// anycable-go applies nothing and tells the client nothing
				logger.debug(command + " " + identifier + " of " + this.sid + " failed: " + response.getErrorMsg());
				return;
			}
			boolean tracked = true;
			if (subscribe) {
				tracked = response.getStatus() == Status.SUCCESS;
				if (tracked) {
					this.subscriptions.put(identifier, subscription);
				}
			}
			else if (command.equals("unsubscribe")) {
				// SUCCESS or FAILURE: the channel is gone, with its streams and state
				this.subscriptions.remove(identifier);
				stopAllStreams(identifier, subscription);
				tracked = false;
			}
			apply(identifier, tracked ? subscription : null, response);
		}
	}

	// protocol §2.3: streams, channel state, connection state, transmissions, then the close
	private void apply(String identifier, Subscription subscription, CommandResponse response) {
		if (subscription != null) {
			if (response.getStopStreams()) {
				stopAllStreams(identifier, subscription);
			}
			else {
				for (String stream : response.getStoppedStreamsList()) {
					if (subscription.streams.remove(stream)) {
						this.server.streams().remove(stream, this, identifier);
					}
				}
			}
			for (String stream : response.getStreamsList()) {
				if (subscription.streams.add(stream)) {
					this.server.streams().add(stream, this, identifier);
				}
			}
			merge(subscription.state, response.getEnv().getIstateMap());
		}
		merge(this.connectionState, response.getEnv().getCstateMap());
		response.getTransmissionsList().forEach(this.outbox::send);
		if (response.getDisconnect()) {
			this.outbox.close(COMMAND_FAILED);
		}
	}

	private void stopAllStreams(String identifier, Subscription subscription) {
		subscription.streams.forEach((stream) -> this.server.streams().remove(stream, this, identifier));
		subscription.streams.clear();
	}

	private void whisper(String identifier, JsonNode data) {
		String stream;
		synchronized (this.lock) {
			Subscription subscription = (identifier != null) ? this.subscriptions.get(identifier) : null;
			stream = (subscription != null) ? subscription.state.get(WHISPER_KEY) : null;
		}
		if (stream == null || data.isMissingNode()) {
			ignore("whisper", identifier, "whispering is not enabled for it");
			return;
		}
		this.server.streams().broadcast(stream, data.toString(), this.sid);
	}

	private void history(String identifier) {
		// there is no broker to keep a history: say so instead of leaving the client waiting
		if (identifier != null) {
			this.outbox.send("{\"type\":\"reject_history\",\"identifier\":" + CableJson.quote(identifier) + "}");
		}
	}

	/**
	 * Send a broadcast message to one of the subscriptions.
	 * @param identifier the subscription
	 * @param messageJson the message, a JSON value
	 */
	void deliver(String identifier, String messageJson) {
		this.outbox.send(CableFrames.message(identifier, messageJson));
	}

	void ping(long unixSeconds) {
		this.outbox.send("{\"type\":\"ping\",\"message\":" + unixSeconds + "}");
	}

	/**
	 * Start pinging the client, unless it is already gone.
	 * @param scheduler the scheduler
	 * @param interval the interval
	 * @param ping the ping
	 */
	void startPings(ScheduledExecutorService scheduler, Duration interval, Runnable ping) {
		synchronized (this.lock) {
			if (!this.closed) {
				long millis = interval.toMillis();
				this.pings = scheduler.scheduleAtFixedRate(ping, millis, millis, TimeUnit.MILLISECONDS);
			}
		}
	}

	/**
	 * Send a disconnect frame and close the socket after it.
	 * @param frame the frame
	 * @param status the close status
	 */
	void disconnect(String frame, CloseStatus status) {
		this.outbox.send(frame);
		this.outbox.close(status);
	}

	/**
	 * Forget the session once its socket is closed: stop its pings and streams, and build the Disconnect
	 * request (protocol §2.4) if the Connect RPC accepted it.
	 * @return the request, or {@code null} when there is nothing to tell the application (or it was
	 * already told)
	 */
	DisconnectRequest closed() {
		synchronized (this.lock) {
			if (this.closed) {
				return null;
			}
			this.closed = true;
			if (this.pings != null) {
				this.pings.cancel(false);
			}
			this.outbox.close(CloseStatus.NORMAL);
			this.subscriptions.forEach((identifier, subscription) -> stopAllStreams(identifier, subscription));
			if (!this.connected) {
				return null;
			}
			Map<String, String> states = new LinkedHashMap<>();
			this.subscriptions.forEach((identifier, subscription) -> {
				if (!subscription.state.isEmpty()) {
					states.put(identifier, this.server.json().write(subscription.state));
				}
			});
			Env env = env(Map.of()).toBuilder().putAllIstate(states).build();
			return DisconnectRequest.newBuilder()
				.setIdentifiers(this.identifiers)
				.addAllSubscriptions(new ArrayList<>(this.subscriptions.keySet()))
				.setEnv(env)
				.build();
		}
	}

	RpcMetadata metadata() {
		return this.metadata;
	}

	private Env env(Map<String, String> channelState) {
		return Env.newBuilder()
			.setUrl(this.url)
			.putAllHeaders(this.headers)
			.putAllCstate(this.connectionState)
			.putAllIstate(channelState)
			.build();
	}

	private JsonNode parse(String text) {
		try {
			JsonNode node = this.server.json().mapper().readTree(text);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	private void ignore(String command, String identifier, String reason) {
		if (logger.isDebugEnabled()) {
			logger.debug("Ignored " + (command.isEmpty() ? "a frame" : command) + " from " + this.sid
					+ ((identifier != null) ? " for " + identifier : "") + ": " + reason);
		}
	}

	// a key whose value is empty is deleted (protocol §2.1)
	private static void merge(Map<String, String> state, Map<String, String> changes) {
		changes.forEach((key, value) -> {
			if (value.isEmpty()) {
				state.remove(key);
			}
			else {
				state.put(key, value);
			}
		});
	}

	private static final class Subscription {

		private final Map<String, String> state = new LinkedHashMap<>();

		private final Set<String> streams = new LinkedHashSet<>();

	}

}
