package io.anycable.spring.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.connection.CableSocket;
import io.anycable.spring.connection.CableState;
import org.jspecify.annotations.Nullable;

/**
 * The socket of one RPC call: it records what the connection asked for, and the handler
 * turns that into the response.
 */
final class RpcSocket implements CableSocket {

	private enum Phase {

		CONNECT, COMMAND, DISCONNECT

	}

	private final Phase phase;

	private final String sid;

	private final CableRequest request;

	private final CableState connectionState;

	private final @Nullable String identifier;

	private final @Nullable CableState channelState;

	private final Map<String, CableState> disconnectStates;

	private final List<String> transmissions = new ArrayList<>(2);

	private final List<String> streams = new ArrayList<>(1);

	private final List<String> stoppedStreams = new ArrayList<>(0);

	private boolean stopAllStreams;

	private boolean closed;

	private RpcSocket(Phase phase, @Nullable String sid, CableRequest request, CableState connectionState,
			@Nullable String identifier, @Nullable CableState channelState, Map<String, CableState> disconnectStates) {
		this.phase = phase;
		this.sid = (sid != null) ? sid : "";
		this.request = request;
		this.connectionState = connectionState;
		this.identifier = identifier;
		this.channelState = channelState;
		this.disconnectStates = disconnectStates;
	}

	static RpcSocket forConnect(@Nullable String sid, CableRequest request, CableState connectionState) {
		return new RpcSocket(Phase.CONNECT, sid, request, connectionState, null, null, Map.of());
	}

	static RpcSocket forCommand(@Nullable String sid, CableRequest request, CableState connectionState,
			String identifier, CableState channelState) {
		return new RpcSocket(Phase.COMMAND, sid, request, connectionState, identifier, channelState, Map.of());
	}

	static RpcSocket forDisconnect(@Nullable String sid, CableRequest request, CableState connectionState,
			Map<String, CableState> channelStates) {
		return new RpcSocket(Phase.DISCONNECT, sid, request, connectionState, null, null, channelStates);
	}

	@Override
	public String sid() {
		return this.sid;
	}

	@Override
	public CableRequest request() {
		return this.request;
	}

	@Override
	public CableState connectionState() {
		return this.connectionState;
	}

	@Override
	public CableState channelState(String identifier) {
		switch (this.phase) {
			case COMMAND -> {
				checkIdentifier(identifier);
				return this.channelState;
			}
			case DISCONNECT -> {
				return this.disconnectStates.computeIfAbsent(identifier, (key) -> CableState.of(Map.of()));
			}
			default -> throw new IllegalStateException("There is no channel state in Connect");
		}
	}

	@Override
	public void transmit(String frame) {
		// the client is gone during Disconnect: Action Cable drops such transmissions too
		if (this.phase != Phase.DISCONNECT) {
			this.transmissions.add(frame);
		}
	}

	@Override
	public void subscribe(String identifier, String stream) {
		if (checkStreamChange(identifier)) {
			this.streams.add(stream);
		}
	}

	@Override
	public void unsubscribe(String identifier, String stream) {
		if (checkStreamChange(identifier)) {
			this.stoppedStreams.add(stream);
		}
	}

	@Override
	public void unsubscribeFromAll(String identifier) {
		if (checkStreamChange(identifier)) {
			this.stopAllStreams = true;
			this.streams.clear();
		}
	}

	@Override
	public void close() {
		this.closed = true;
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	List<String> transmissions() {
		return this.transmissions;
	}

	List<String> streams() {
		return this.streams;
	}

	List<String> stoppedStreams() {
		return this.stoppedStreams;
	}

	boolean stopAllStreams() {
		return this.stopAllStreams;
	}

	@Nullable CableState channelState() {
		return this.channelState;
	}

	// anycable-go drops the subscription's streams itself after Disconnect, so changes
	// there are moot
	private boolean checkStreamChange(String identifier) {
		switch (this.phase) {
			case COMMAND -> {
				checkIdentifier(identifier);
				return true;
			}
			case DISCONNECT -> {
				return false;
			}
			default ->
				throw new IllegalStateException("Streams cannot be changed in Connect: there is no subscription");
		}
	}

	private void checkIdentifier(String identifier) {
		if (!this.identifier.equals(identifier)) {
			throw new IllegalArgumentException("This command is for " + this.identifier + ", not " + identifier
					+ ": anycable-go applies streams and state to the subscription being processed only");
		}
	}

}
