package io.anycable.spring.rpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.connection.CableState;
import io.anycable.spring.connection.ConnectionOptions;
import io.anycable.spring.connection.SocketConnection;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.anycable.spring.protocol.CableFrames;
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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * The AnyCable RPC semantics (Connect, Command, Disconnect), independent of the transport: the gRPC
 * service, an HTTP RPC endpoint or an embedded WebSocket server all call this.
 * <p>
 * Every call creates a fresh {@link SocketConnection} through the {@link SocketConnectionFactory}. The
 * handler never throws: protocol violations and exceptions of the connection become an {@code ERROR}
 * response whose {@code error_msg} is the exception message (the stack trace is logged, never sent).
 *
 * @author AnyCable Spring Boot contributors
 */
public class AnyCableRpcHandler {

	/** The RPC protocol version this handler speaks. */
	public static final String PROTOCOL_VERSION = "v1";

	private static final Log logger = LogFactory.getLog(AnyCableRpcHandler.class);

	/** Subscription state key anycable-go reads the whisper stream from. */
	private static final String WHISPER_KEY = "$w";

	/** Subscription state key anycable-go reads the presence stream from. */
	private static final String PRESENCE_KEY = "$p";

	private final SocketConnectionFactory connectionFactory;

	private final CableJson json;

	private final RpcRequestLimits limits;

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
	 * @param limits bounds on identifiers, state and JSON depth, checked before the connection sees a request
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
	 * Handle Connect: authenticate a new client.
	 * @param request the request
	 * @param metadata the call metadata
	 * @return the response
	 */
	public ConnectionResponse connect(ConnectionRequest request, RpcMetadata metadata) {
		String outerSid = RpcCallContext.enter(metadata.sid());
		try {
			checkProtocolVersion(metadata);
			Env env = requireEnv(request.hasEnv(), request.getEnv(), "Connect");
			this.limits.checkState(env);
			RpcSocket socket = RpcSocket.forConnect(metadata.sid(), request(env), CableState.of(env.getCstateMap()));
			SocketConnection connection = this.connectionFactory.create(socket, new ConnectionOptions(null, List.of()));
			connection.handleOpen();
			ConnectionResponse.Builder response = ConnectionResponse.newBuilder();
			if (socket.isClosed()) {
				response.setStatus(Status.FAILURE)
					.addAllTransmissions(socket.transmissions())
					.addTransmissions(CableFrames.UNAUTHORIZED);
			}
			else {
				String identifiers = connection.identifiersJson();
				response.setStatus(Status.SUCCESS)
					.setIdentifiers((identifiers != null) ? identifiers : "")
					.addTransmissions(CableFrames.welcome(socket.sid()))
					.addAllTransmissions(socket.transmissions());
			}
			EnvResponse changes = envResponse(socket.connectionState(), null);
			if (changes != null) {
				response.setEnv(changes);
			}
			return response.build();
		}
		catch (RuntimeException ex) {
			return ConnectionResponse.newBuilder()
				.setStatus(Status.ERROR)
				.setErrorMsg(errorMessage("Connect", ex))
				.build();
		}
		finally {
			RpcCallContext.leave(outerSid);
		}
	}

	/**
	 * Handle Command: subscribe, unsubscribe or perform an action.
	 * @param request the request
	 * @param metadata the call metadata
	 * @return the response
	 */
	public CommandResponse command(CommandMessage request, RpcMetadata metadata) {
		String outerSid = RpcCallContext.enter(metadata.sid());
		try {
			checkProtocolVersion(metadata);
			Env env = requireEnv(request.hasEnv(), request.getEnv(), "Command");
			this.limits.checkState(env);
			String command = request.getCommand();
			boolean subscribe = "subscribe".equals(command);
			boolean message = "message".equals(command);
			if (!subscribe && !message && !"unsubscribe".equals(command)) {
				throw new InvalidRpcRequestException(
						"Unknown command " + CableJson.quote(command) + ": expected subscribe, unsubscribe or message");
			}
			String identifier = request.getIdentifier();
			this.limits.checkIdentifier(identifier, "Channel identifier");
			validateIdentifier(identifier);
			String data = null;
			ObjectNode parsedData = null;
			if (message) {
				data = request.getData();
				this.limits.checkDepth(data, "Data of a message on " + identifier);
				parsedData = validate(data, "data of a message on " + identifier);
			}
			RpcSocket socket = RpcSocket.forCommand(metadata.sid(), request(env), CableState.of(env.getCstateMap()),
					identifier, CableState.of(env.getIstateMap()));
			String identifiers = connectionIdentifiers(request.getConnectionIdentifiers());
			SocketConnection connection = this.connectionFactory
				.create(socket, new ConnectionOptions(identifiers, List.of()));
			boolean success = connection.handleChannelCommand(identifier, command, data, parsedData);

			CommandResponse.Builder response = CommandResponse.newBuilder()
				.setStatus(success ? Status.SUCCESS : Status.FAILURE)
				.setDisconnect(socket.isClosed())
				.addAllTransmissions(socket.transmissions())
				.addAllStoppedStreams(socket.stoppedStreams());
			if (success) {
				response.addAllStreams(socket.streams()).setStopStreams(socket.stopAllStreams());
			}
			else {
				// anycable-go would start streams of a refused command without tracking them: never send any
				response.setStopStreams(subscribe || socket.stopAllStreams());
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
		}
		catch (RuntimeException ex) {
			return CommandResponse.newBuilder()
				.setStatus(Status.ERROR)
				.setErrorMsg(errorMessage("Command", ex))
				.build();
		}
		finally {
			RpcCallContext.leave(outerSid);
		}
	}

	/**
	 * Handle Disconnect: the client went away.
	 * @param request the request
	 * @param metadata the call metadata
	 * @return the response
	 */
	public DisconnectResponse disconnect(DisconnectRequest request, RpcMetadata metadata) {
		String outerSid = RpcCallContext.enter(metadata.sid());
		try {
			checkProtocolVersion(metadata);
			Env env = requireEnv(request.hasEnv(), request.getEnv(), "Disconnect");
			this.limits.checkState(env);
			String identifiers = connectionIdentifiers(request.getIdentifiers());
			for (String subscription : request.getSubscriptionsList()) {
				this.limits.checkIdentifier(subscription, "Subscription");
			}
			Map<String, CableState> channelStates = new LinkedHashMap<>();
			env.getIstateMap().forEach((identifier, state) -> {
				this.limits.checkDepth(state, "Channel state of " + identifier);
				channelStates.put(identifier, CableState.of(readState(state, "channel state of " + identifier)));
			});
			RpcSocket socket = RpcSocket.forDisconnect(metadata.sid(), request(env),
					CableState.of(env.getCstateMap()), channelStates);
			SocketConnection connection = this.connectionFactory.create(socket,
					new ConnectionOptions(identifiers, request.getSubscriptionsList()));
			connection.handleClose();
			return DisconnectResponse.newBuilder().setStatus(Status.SUCCESS).build();
		}
		catch (RuntimeException ex) {
			return DisconnectResponse.newBuilder()
				.setStatus(Status.ERROR)
				.setErrorMsg(errorMessage("Disconnect", ex))
				.build();
		}
		finally {
			RpcCallContext.leave(outerSid);
		}
	}

	private static void checkProtocolVersion(RpcMetadata metadata) {
		String versions = metadata.protocolVersion();
		// a caller that announces nothing (grpcurl, ghz, older tools) is taken to speak v1
		if (versions == null || versions.isEmpty()) {
			return;
		}
		for (String version : versions.split(",")) {
			if (PROTOCOL_VERSION.equals(version.trim())) {
				return;
			}
		}
		throw new InvalidRpcRequestException("Unsupported RPC protocol version " + CableJson.quote(versions)
				+ ": this server speaks " + PROTOCOL_VERSION);
	}

	private static Env requireEnv(boolean present, Env env, String method) {
		if (!present) {
			throw new InvalidRpcRequestException(method + " request has no env: anycable-go always sends one");
		}
		return env;
	}

	private static CableRequest request(Env env) {
		return CableRequest.of(env.getUrl(), env.getHeadersMap());
	}

	/**
	 * Check the identifiers a Connect returned and anycable-go sends back: empty (none), or a JSON object.
	 * @return the identifiers, {@code null} when empty
	 */
	private String connectionIdentifiers(String identifiers) {
		if (identifiers.isEmpty()) {
			return null;
		}
		this.limits.checkIdentifier(identifiers, "Connection identifiers");
		validate(identifiers, "connection identifiers");
		return identifiers;
	}

	private void validateIdentifier(String identifier) {
		try {
			// the channel framework reads the identifier through the same cache: parsed once per subscription
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

	private static EnvResponse envResponse(CableState connectionState, CableState channelState) {
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

	// anycable-go 1.5 merges the state of a rejected subscription too: a "$w" set before the rejection would
	// let the rejected client whisper to the stream. So none of that state is sent, and the reserved keys
	// are cleared.
	private static EnvResponse rejectedSubscriptionEnv(CableState connectionState) {
		return EnvResponse.newBuilder()
			.putAllCstate(connectionState.changes())
			.putIstate(WHISPER_KEY, "")
			.putIstate(PRESENCE_KEY, "")
			.build();
	}

	private static String errorMessage(String method, RuntimeException ex) {
		if (ex instanceof InvalidRpcRequestException) {
			logger.warn(method + " refused: " + ex.getMessage());
			return ex.getMessage();
		}
		logger.error(method + " failed", ex);
		String message = ex.getMessage();
		return (message != null && !message.isEmpty()) ? message : ex.getClass().getName();
	}

}
