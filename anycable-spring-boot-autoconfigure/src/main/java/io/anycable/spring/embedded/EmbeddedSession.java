package io.anycable.spring.embedded;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.protocol.CableCommand;
import io.anycable.spring.protocol.CableFrames;
import io.anycable.spring.protocol.CableStateKeys;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.RpcMetadata;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.rpc.session.SessionState;
import io.anycable.spring.support.CableJson;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * One client of the embedded endpoint: its socket's outbox, its pings and the
 * {@link SessionState} anycable-go would keep for it. Frames are read as anycable-go
 * reads them; commands are handled one at a time under the session's lock, like
 * anycable-go's read loop, and the state applies their responses.
 */
final class EmbeddedSession {

	/** Connect FAILURE. */
	static final CloseStatus AUTH_FAILED = new CloseStatus(CloseStatus.NORMAL.getCode(), "Auth Failed");

	/** Connect ERROR. */
	static final CloseStatus AUTH_ERROR = new CloseStatus(CloseStatus.SERVER_ERROR.getCode(), "Auth Error");

	/**
	 * A Command response asked to close the connection. anycable-go writes 1006 into the
	 * close frame, which RFC 6455 forbids (and servlet containers rewrite), so this
	 * server closes normally.
	 */
	static final CloseStatus COMMAND_FAILED = new CloseStatus(CloseStatus.NORMAL.getCode(), "Command Failed");

	/** Remote disconnect through the broadcaster. */
	static final CloseStatus CLOSED_REMOTELY = new CloseStatus(CloseStatus.NORMAL.getCode(), "Closed remotely");

	/** Server shutdown. */
	static final CloseStatus SERVER_RESTART = new CloseStatus(CloseStatus.GOING_AWAY.getCode(), "Server restart");

	private static final Log logger = LogFactory.getLog(EmbeddedSession.class);

	private final AnyCableRpcHandler rpc;

	private final CableJson json;

	private final StreamRegistry streams;

	private final String sid;

	private final SessionOutbox outbox;

	private final RpcMetadata metadata;

	private final Object lock = new Object();

	private final SessionState state;

	private final SessionState.StreamListener streamRouting = new SessionState.StreamListener() {

		@Override
		public void started(String identifier, String stream) {
			EmbeddedSession.this.streams.add(stream, EmbeddedSession.this, identifier);
		}

		@Override
		public void stopped(String identifier, String stream) {
			EmbeddedSession.this.streams.remove(stream, EmbeddedSession.this, identifier);
		}

	};

	private boolean closed;

	private @Nullable ScheduledFuture<?> pings;

	/**
	 * Create the session of a new client.
	 * @param rpc answers its Connect, Command and Disconnect
	 * @param json reads its frames
	 * @param streams routes broadcasts to its subscriptions
	 * @param sid its session id
	 * @param url the URL of its WebSocket request
	 * @param headers the request headers passed to the application
	 * @param outbox sends its frames
	 */
	EmbeddedSession(AnyCableRpcHandler rpc, CableJson json, StreamRegistry streams, String sid, String url,
			Map<String, String> headers, SessionOutbox outbox) {
		this.rpc = rpc;
		this.json = json;
		this.streams = streams;
		this.sid = sid;
		this.outbox = outbox;
		this.metadata = new RpcMetadata(sid, AnyCableRpcHandler.PROTOCOL_VERSION);
		this.state = new SessionState(url, headers, json);
	}

	String sid() {
		return this.sid;
	}

	@Nullable String identifiers() {
		synchronized (this.lock) {
			return this.state.identifiers();
		}
	}

	/**
	 * Authenticate the client with its AnyCable JWT, else with the Connect RPC.
	 * @param register makes the session reachable by its identifiers; run before the
	 * welcome is sent
	 * @return whether the client is connected
	 */
	boolean connect(Runnable register) {
		ConnectionRequest request = this.state.connectRequest();
		// a client with an AnyCable JWT is answered without a Connect call, as by
		// anycable-go
		ConnectionResponse response = this.rpc.connectWithToken(request, this.metadata);
		if (response == null) {
			response = this.rpc.connect(request, this.metadata);
		}
		synchronized (this.lock) {
			if (response.getStatus() == Status.ERROR) {
				logger.debug("Connect of " + this.sid + " failed: " + response.getErrorMsg());
				this.outbox.close(AUTH_ERROR);
				return false;
			}
			boolean connected = this.state.applyConnect(response);
			if (connected) {
				// registered before the welcome leaves, as anycable-go does: a client
				// that reacts to its
				// welcome can already be reached by a remote disconnect
				register.run();
			}
			response.getTransmissionsList().forEach(this.outbox::send);
			if (!connected) {
				this.outbox.close(AUTH_FAILED);
			}
			return connected;
		}
	}

	/**
	 * Handle one client frame.
	 * @param text the frame
	 */
	void handle(String text) {
		JsonNode frame = parse(text);
		String name = (frame != null) ? frame.path("command").asText("") : "";
		JsonNode identifierNode = (frame != null) ? frame.path("identifier") : null;
		String identifier = (identifierNode != null && identifierNode.isTextual()) ? identifierNode.textValue() : null;
		CableCommand command = CableCommand.fromWireName(name);
		if (command == null) {
			ignore(name, identifier, "the command is not supported");
			return;
		}
		switch (command) {
			case PING -> this.outbox.send(CableFrames.PONG);
			case PONG -> {
				// extended protocol: only needed with a pong timeout, which this server
				// does not enforce
			}
			case SUBSCRIBE, UNSUBSCRIBE -> command(command, identifier, null);
			case MESSAGE -> {
				JsonNode data = frame.path("data");
				if (data.isTextual()) {
					command(command, identifier, data.textValue());
				}
				else {
					ignore(name, identifier, "its data is not a JSON string");
				}
			}
			case WHISPER -> whisper(identifier, frame.path("data"));
			case HISTORY -> history(identifier);
		}
	}

	private void command(CableCommand command, @Nullable String identifier, @Nullable String data) {
		if (identifier == null) {
			ignore(command.wireName(), null, "it has no identifier string");
			return;
		}
		synchronized (this.lock) {
			if (this.closed || this.outbox.isClosing()) {
				return;
			}
			boolean subscribed = this.state.subscription(identifier) != null;
			boolean subscribe = command == CableCommand.SUBSCRIBE;
			if (subscribe == subscribed) {
				ignore(command.wireName(), identifier, subscribe ? "already subscribed" : "not subscribed");
				return;
			}
			CommandResponse response = this.rpc.command(this.state.commandRequest(command, identifier, data),
					this.metadata);
			if (!this.state.applyCommand(command, identifier, response, this.streamRouting)) {
				// anycable-go applies nothing and tells the client nothing
				logger.debug(command.wireName() + " " + identifier + " of " + this.sid + " failed: "
						+ response.getErrorMsg());
				return;
			}
			response.getTransmissionsList().forEach(this.outbox::send);
			if (response.getDisconnect()) {
				this.outbox.close(COMMAND_FAILED);
			}
		}
	}

	private void whisper(@Nullable String identifier, JsonNode data) {
		String stream;
		synchronized (this.lock) {
			SessionState.Subscription subscription = (identifier != null) ? this.state.subscription(identifier) : null;
			stream = (subscription != null) ? subscription.state().get(CableStateKeys.WHISPER_STREAM) : null;
		}
		if (stream == null || data.isMissingNode()) {
			ignore("whisper", identifier, "whispering is not enabled for it");
			return;
		}
		this.streams.broadcast(stream, data.toString(), this.sid);
	}

	private void history(@Nullable String identifier) {
		// there is no broker to keep a history: say so instead of leaving the client
		// waiting
		if (identifier != null) {
			this.outbox.send(CableFrames.rejectHistory(identifier));
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
		this.outbox.send(CableFrames.ping(unixSeconds));
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
	 * Forget the session once its socket is closed: stop its pings and streams, and build
	 * the Disconnect request (protocol §2.4) if the Connect RPC accepted it.
	 * @return the request, or {@code null} when there is nothing to tell the application
	 * (or it was already told)
	 */
	@Nullable DisconnectRequest closed() {
		synchronized (this.lock) {
			if (this.closed) {
				return null;
			}
			this.closed = true;
			if (this.pings != null) {
				this.pings.cancel(false);
			}
			this.outbox.close(CloseStatus.NORMAL);
			this.state.stopAllStreams(this.streamRouting);
			return this.state.disconnectRequest();
		}
	}

	RpcMetadata metadata() {
		return this.metadata;
	}

	private @Nullable JsonNode parse(String text) {
		try {
			JsonNode node = this.json.mapper().readTree(text);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	private void ignore(String command, @Nullable String identifier, String reason) {
		if (logger.isDebugEnabled()) {
			logger.debug("Ignored " + (command.isEmpty() ? "a frame" : command) + " from " + this.sid
					+ ((identifier != null) ? " for " + identifier : "") + ": " + reason);
		}
	}

}
