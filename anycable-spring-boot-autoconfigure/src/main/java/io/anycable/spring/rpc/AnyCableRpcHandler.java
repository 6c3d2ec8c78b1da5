package io.anycable.spring.rpc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.connection.CableState;
import io.anycable.spring.connection.ClientMistake;
import io.anycable.spring.connection.ConnectionOptions;
import io.anycable.spring.connection.SocketConnection;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.anycable.spring.connection.internal.ParsedDataConnection;
import io.anycable.spring.jwt.CableJwtVerification;
import io.anycable.spring.jwt.CableJwtVerifier;
import io.anycable.spring.protocol.CableCommand;
import io.anycable.spring.protocol.CableFrames;
import io.anycable.spring.protocol.CableStateKeys;
import io.anycable.spring.protocol.JsonStrings;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.Env;
import io.anycable.spring.rpc.proto.EnvResponse;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.support.CableJson;
import io.anycable.spring.support.RateLimitedLog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The AnyCable RPC semantics (Connect, Command, Disconnect), independent of the
 * transport: the gRPC service, an HTTP RPC endpoint or an embedded WebSocket server all
 * call this.
 * <p>
 * Every call creates a fresh {@link SocketConnection} through the
 * {@link SocketConnectionFactory}. The handler never throws: protocol violations and
 * exceptions of the connection become an {@code ERROR} response whose {@code error_msg}
 * is the exception message, except a failed subscribe, which is
 * {@linkplain #setRejectFailedSubscriptions rejected}. An application's exception is
 * logged with its stack trace (never sent); a {@link ClientMistake} as one WARN line, at
 * most 10 per 10 s.
 *
 * @author AnyCable Spring Boot contributors
 */
public class AnyCableRpcHandler {

	/** The RPC protocol version this handler speaks. */
	public static final String PROTOCOL_VERSION = "v1";

	private static final Log logger = LogFactory.getLog(AnyCableRpcHandler.class);

	/** How much of what a client sent a log line repeats. */
	private static final int LOGGED_TEXT_LENGTH = 300;

	private final SocketConnectionFactory connectionFactory;

	private final CableJson json;

	private final RpcRequestLimits limits;

	private final RateLimitedLog clientMistakes = new RateLimitedLog(logger, 10, Duration.ofSeconds(10));

	private boolean rejectFailedSubscriptions = true;

	private @Nullable CableJwtVerifier jwtVerifier;

	/**
	 * Create a handler with the {@linkplain RpcRequestLimits#DEFAULTS default limits}.
	 * @param connectionFactory creates the connection of each call
	 * @param json the JSON reader used to validate identifiers, data and state
	 */
	public AnyCableRpcHandler(SocketConnectionFactory connectionFactory, CableJson json) {
		this(connectionFactory, json, RpcRequestLimits.DEFAULTS);
	}

	/**
	 * Create a handler.
	 * @param connectionFactory creates the connection of each call
	 * @param json the JSON reader used to validate identifiers, data and state
	 * @param limits bounds on identifiers, state and JSON depth, checked before the
	 * connection sees a request
	 */
	public AnyCableRpcHandler(SocketConnectionFactory connectionFactory, CableJson json, RpcRequestLimits limits) {
		Assert.notNull(connectionFactory, "SocketConnectionFactory must not be null");
		Assert.notNull(json, "CableJson must not be null");
		Assert.notNull(limits, "RpcRequestLimits must not be null");
		this.connectionFactory = connectionFactory;
		this.json = json;
		this.limits = limits;
	}

	/**
	 * Set whether a subscribe whose connection throws (an exception no channel handled,
	 * an unknown channel) is answered as a rejection ({@code FAILURE} with
	 * {@code reject_subscription}, the default) rather than {@code ERROR}, and a failing
	 * unsubscribe as {@code FAILURE} with every stream stopped, which anycable-go takes
	 * as unsubscribed. anycable-go sends the client of an {@code ERROR} subscribe
	 * nothing, so it waits for an answer that never comes; it keeps the subscription of
	 * an {@code ERROR} unsubscribe; and 1.5 blocks the session's later commands after
	 * either. The failure is logged and its message sent as {@code error_msg} either way.
	 * @param rejectFailedSubscriptions whether to reject failed subscriptions
	 */
	public void setRejectFailedSubscriptions(boolean rejectFailedSubscriptions) {
		this.rejectFailedSubscriptions = rejectFailedSubscriptions;
	}

	/**
	 * Set the verifier of AnyCable JWTs: a Connect whose request carries a token is
	 * answered from it as anycable-go answers it with a JWT secret (the token's
	 * identifiers, {@code token_expired} or {@code unauthorized}), without asking the
	 * connection; a request without one goes to the connection unless tokens are
	 * {@linkplain CableJwtVerifier#isEnforced() enforced}.
	 * @param jwtVerifier the verifier, {@code null} for none
	 */
	public void setJwtVerifier(@Nullable CableJwtVerifier jwtVerifier) {
		this.jwtVerifier = jwtVerifier;
	}

	/**
	 * Handle Connect: authenticate a new client.
	 * @param request the request
	 * @param metadata the call metadata
	 * @return the response
	 */
	public ConnectionResponse connect(ConnectionRequest request, RpcMetadata metadata) {
		return call(RpcMethod.CONNECT, metadata, request.hasEnv(), request.getEnv(), (env) -> {
			CableRequest cableRequest = request(env);
			ConnectionResponse identified = identifyByToken(cableRequest, metadata.sid());
			if (identified != null) {
				return identified;
			}
			RpcSocket socket = RpcSocket.forConnect(metadata.sid(), cableRequest, CableState.of(env.getCstateMap()));
			SocketConnection connection = this.connectionFactory.create(socket, new ConnectionOptions(null, List.of()));
			connection.handleOpen();
			ConnectionResponse.Builder response = ConnectionResponse.newBuilder();
			if (socket.isClosed()) {
				response.setStatus(Status.FAILURE).addAllTransmissions(socket.transmissions());
				if (!endsWithDisconnect(socket.transmissions())) {
					response.addTransmissions(CableFrames.UNAUTHORIZED);
				}
			}
			else {
				response.setStatus(Status.SUCCESS)
					.setIdentifiers(acceptedIdentifiers(connection))
					.addTransmissions(CableFrames.welcome(socket.sid()))
					.addAllTransmissions(socket.transmissions());
			}
			EnvResponse changes = envResponse(socket.connectionState(), null);
			if (changes != null) {
				response.setEnv(changes);
			}
			return response.build();
		});
	}

	/**
	 * Answer a Connect from the request's AnyCable JWT alone, as anycable-go does before
	 * it would call Connect: a server that holds the WebSocket itself (the embedded one)
	 * calls this first and {@link #connect} only when it returns {@code null}.
	 * @param request the Connect request
	 * @param metadata the call metadata
	 * @return the answer, or {@code null} when there is no verifier, or no token and
	 * tokens are not enforced
	 */
	public @Nullable ConnectionResponse connectWithToken(ConnectionRequest request, RpcMetadata metadata) {
		return (request.hasEnv() && this.jwtVerifier != null)
				? identifyByToken(request(request.getEnv()), metadata.sid()) : null;
	}

	private @Nullable ConnectionResponse identifyByToken(CableRequest request, String sid) {
		if (this.jwtVerifier == null) {
			return null;
		}
		CableJwtVerification verification = this.jwtVerifier.identify(request);
		ConnectionResponse.Builder response = ConnectionResponse.newBuilder();
		switch (verification.outcome()) {
			case VALID -> {
				// the claim unchanged, as anycable-go takes it: remote disconnects match
				// what the issuer wrote
				CableIdentifiers identifiers = Objects.requireNonNull(verification.identifiers());
				return response.setStatus(Status.SUCCESS)
					.setIdentifiers(identifiers.isEmpty() ? "" : identifiers.json())
					.addTransmissions(CableFrames.welcome(sid))
					.build();
			}
			case EXPIRED ->
				response.addTransmissions(CableFrames.disconnect(CableJwtVerification.TOKEN_EXPIRED_REASON, false));
			case INVALID -> response.addTransmissions(CableFrames.UNAUTHORIZED);
			case MISSING -> {
				if (!this.jwtVerifier.isEnforced()) {
					return null;
				}
				response.addTransmissions(CableFrames.UNAUTHORIZED);
			}
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Connect of " + sid + " refused by its JWT: " + verification);
		}
		return response.setStatus(Status.FAILURE).build();
	}

	/**
	 * Handle Command: subscribe, unsubscribe or perform an action.
	 * @param request the request
	 * @param metadata the call metadata
	 * @return the response
	 */
	public CommandResponse command(CommandMessage request, RpcMetadata metadata) {
		return call(RpcMethod.COMMAND, metadata, request.hasEnv(), request.getEnv(), (env) -> {
			CableCommand command = CableCommand.fromWireName(request.getCommand());
			if (command == null || !command.isRpcCommand()) {
				throw new InvalidRpcRequestException("Unknown command " + JsonStrings.quote(request.getCommand())
						+ ": expected subscribe, unsubscribe or message");
			}
			boolean subscribe = command == CableCommand.SUBSCRIBE;
			String identifier = request.getIdentifier();
			this.limits.checkIdentifier(identifier, "Channel identifier");
			validateIdentifier(identifier);
			String data = null;
			ObjectNode parsedData = null;
			if (command == CableCommand.MESSAGE) {
				data = request.getData();
				this.limits.checkDepth(data, "Data of a message on " + identifier);
				parsedData = validate(data, "data of a message on " + identifier);
			}
			RpcSocket socket = RpcSocket.forCommand(metadata.sid(), request(env), CableState.of(env.getCstateMap()),
					identifier, CableState.of(env.getIstateMap()));
			String identifiers = connectionIdentifiers(request.getConnectionIdentifiers());
			SocketConnection connection = this.connectionFactory.create(socket,
					new ConnectionOptions(identifiers, List.of()));
			boolean success;
			String failure = null;
			try {
				success = (connection instanceof ParsedDataConnection parsed)
						? parsed.handleParsedChannelCommand(identifier, command, parsedData)
						: connection.handleChannelCommand(identifier, command.wireName(), data);
			}
			catch (RuntimeException ex) {
				if (command == CableCommand.MESSAGE || !this.rejectFailedSubscriptions) {
					throw ex;
				}
				// for an ERROR anycable-go (1.5 and 1.6) sends the subscriber nothing and
				// keeps the subscription that failed to end, and 1.5 blocks the session's
				// later commands: FAILURE rejects the one and completes the other
				String quoted = JsonStrings.quote(JsonStrings.abbreviate(identifier, LOGGED_TEXT_LENGTH));
				failure = errorMessage(subscribe ? "Subscribe to " + quoted + " (answered with reject_subscription)"
						: "Unsubscribe from " + quoted + " (unsubscribed all the same)", ex);
				success = false;
			}

			CommandResponse.Builder response = CommandResponse.newBuilder()
				.setStatus(success ? Status.SUCCESS : Status.FAILURE)
				.setDisconnect(socket.isClosed())
				// what a failed command transmitted before it threw would contradict the
				// rejection
				.addAllTransmissions((failure == null) ? socket.transmissions() : List.of())
				.addAllStoppedStreams(socket.stoppedStreams());
			if (success) {
				response.addAllStreams(socket.streams()).setStopStreams(socket.stopAllStreams());
			}
			else {
				// anycable-go would start streams of a refused command without tracking
				// them: never send any
				response.setStopStreams(subscribe || failure != null || socket.stopAllStreams());
			}
			if (failure != null) {
				response.setErrorMsg(failure);
			}
			if (subscribe) {
				response.addTransmissions(success ? CableFrames.confirmSubscription(identifier)
						: CableFrames.rejectSubscription(identifier));
			}
			EnvResponse changes = (subscribe && !success) ? rejectedSubscriptionEnv(socket.connectionState())
					: envResponse(socket.connectionState(), socket.channelState());
			if (changes != null) {
				response.setEnv(changes);
			}
			return response.build();
		});
	}

	/**
	 * Handle Disconnect: the client went away.
	 * @param request the request
	 * @param metadata the call metadata
	 * @return the response
	 */
	public DisconnectResponse disconnect(DisconnectRequest request, RpcMetadata metadata) {
		return call(RpcMethod.DISCONNECT, metadata, request.hasEnv(), request.getEnv(), (env) -> {
			String identifiers = connectionIdentifiers(request.getIdentifiers());
			for (String subscription : request.getSubscriptionsList()) {
				this.limits.checkIdentifier(subscription, "Subscription");
			}
			Map<String, CableState> channelStates = new LinkedHashMap<>();
			env.getIstateMap().forEach((identifier, state) -> {
				this.limits.checkDepth(state, "Channel state of " + identifier);
				channelStates.put(identifier, CableState.of(readState(state, "channel state of " + identifier)));
			});
			RpcSocket socket = RpcSocket.forDisconnect(metadata.sid(), request(env), CableState.of(env.getCstateMap()),
					channelStates);
			SocketConnection connection = this.connectionFactory.create(socket,
					new ConnectionOptions(identifiers, request.getSubscriptionsList()));
			connection.handleClose();
			return DisconnectResponse.newBuilder().setStatus(Status.SUCCESS).build();
		});
	}

	/**
	 * The frame of every call: the session id in the {@link RpcCallContext}, the protocol
	 * version, the env and its state limits checked, and any exception answered with an
	 * {@code ERROR} response.
	 */
	private <R extends Message> R call(RpcMethod method, RpcMetadata metadata, boolean hasEnv, Env env,
			Function<Env, R> body) {
		String outerSid = RpcCallContext.enter(metadata.sid());
		try {
			checkProtocolVersion(metadata);
			if (!hasEnv) {
				throw new InvalidRpcRequestException(
						method.methodName() + " request has no env: anycable-go always sends one");
			}
			this.limits.checkState(env);
			return body.apply(env);
		}
		catch (RuntimeException ex) {
			return RpcResponses.error(method, errorMessage(method.methodName(), ex));
		}
		finally {
			RpcCallContext.leave(outerSid);
		}
	}

	private static void checkProtocolVersion(RpcMetadata metadata) {
		String versions = metadata.protocolVersion();
		// a caller that announces nothing (grpcurl, ghz, older tools) is taken to speak
		// v1
		if (versions == null || versions.isEmpty()) {
			return;
		}
		for (String version : versions.split(",")) {
			if (PROTOCOL_VERSION.equals(version.trim())) {
				return;
			}
		}
		throw new InvalidRpcRequestException("Unsupported RPC protocol version " + JsonStrings.quote(versions)
				+ ": this server speaks " + PROTOCOL_VERSION);
	}

	private static CableRequest request(Env env) {
		return CableRequest.of(env.getUrl(), env.getHeadersMap());
	}

	/**
	 * Check the identifiers a Connect returned and anycable-go sends back: empty (none),
	 * or a JSON object.
	 * @return the identifiers, {@code null} when empty
	 */
	private @Nullable String connectionIdentifiers(String identifiers) {
		if (identifiers.isEmpty()) {
			return null;
		}
		this.limits.checkIdentifier(identifiers, "Connection identifiers");
		validate(identifiers, "connection identifiers");
		return identifiers;
	}

	/**
	 * Return the identifiers of an accepted connection in canonical form: anycable-go
	 * matches remote disconnects byte for byte, and {@code CableBroadcaster.disconnect}
	 * canonicalizes what it is given, so a low-level connection's own JSON matches too.
	 */
	private String acceptedIdentifiers(SocketConnection connection) {
		if (connection instanceof ParsedDataConnection parsed) {
			String canonical = parsed.canonicalIdentifiersJson();
			return (canonical != null) ? canonical : "";
		}
		String identifiers = connection.identifiersJson();
		if (identifiers == null || identifiers.isEmpty()) {
			return "";
		}
		try {
			return CableIdentifiers.canonicalize(identifiers, this.json).json();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(connection.getClass().getName()
					+ ".identifiersJson() returned no valid identifiers: " + ex.getMessage(), ex);
		}
	}

	private void validateIdentifier(String identifier) {
		try {
			// the channel framework reads the identifier through the same cache: parsed
			// once per subscription
			this.json.readSharedObject(identifier, "channel identifier");
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRpcRequestException(ex.getMessage(), ex);
		}
	}

	private ObjectNode validate(String jsonObject, String what) {
		try {
			return this.json.readObject(jsonObject, what);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRpcRequestException(ex.getMessage(), ex);
		}
	}

	private Map<String, String> readState(String state, String what) {
		try {
			return this.json.readStringMap(state, what);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRpcRequestException(ex.getMessage(), ex);
		}
	}

	private static @Nullable EnvResponse envResponse(CableState connectionState, @Nullable CableState channelState) {
		boolean cstate = !connectionState.changes().isEmpty();
		boolean istate = channelState != null && !channelState.changes().isEmpty();
		if (!cstate && !istate) {
			return null;
		}
		EnvResponse.Builder env = EnvResponse.newBuilder();
		if (cstate) {
			env.putAllCstate(connectionState.changes());
		}
		if (istate) {
			env.putAllIstate(channelState.changes());
		}
		return env.build();
	}

	// anycable-go 1.5 merges the state of a rejected subscription too: a "$w" set before
	// the rejection would
	// let the rejected client whisper to the stream. So none of that state is sent, and
	// the reserved keys
	// are cleared.
	private static EnvResponse rejectedSubscriptionEnv(CableState connectionState) {
		return EnvResponse.newBuilder()
			.putAllCstate(connectionState.changes())
			.putIstate(CableStateKeys.WHISPER_STREAM, "")
			.putIstate(CableStateKeys.PRESENCE_STREAM, "")
			.build();
	}

	/**
	 * Log a failure (a client's mistake as one WARN line, anything else with its stack
	 * trace) and return the message for {@code error_msg}.
	 * @param subject what failed, e.g. {@code Command}
	 */
	private String errorMessage(String subject, RuntimeException ex) {
		String message = ex.getMessage();
		if (message == null || message.isEmpty()) {
			message = ex.getClass().getName();
		}
		if (ex instanceof ClientMistake) {
			// a client chose this text: the line stays short (error_msg keeps it whole)
			this.clientMistakes.warn(subject + " refused: " + JsonStrings.abbreviate(message, LOGGED_TEXT_LENGTH));
		}
		else {
			logger.error(subject + " failed", ex);
		}
		return message;
	}

	/**
	 * Whether a rejecting connection already sent the disconnect frame, with a reason of
	 * its own (e.g. {@code token_expired}).
	 */
	private static boolean endsWithDisconnect(List<String> transmissions) {
		return !transmissions.isEmpty() && CableFrames.isDisconnect(transmissions.get(transmissions.size() - 1));
	}

}
