package io.anycable.spring.channel.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.ChannelParams;
import io.anycable.spring.channel.JsonState;
import io.anycable.spring.channel.StreamNames;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.connection.CableSocket;
import io.anycable.spring.connection.CableState;
import io.anycable.spring.protocol.CableFrames;
import io.anycable.spring.protocol.CableStateKeys;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

/**
 * The handle of one channel call, on top of the call's socket.
 */
final class DefaultChannelHandle implements ChannelHandle {

	private final String identifier;

	private final String channelName;

	private final ChannelParams params;

	private final CableSocket socket;

	private final CableIdentifiers identifiers;

	private final CableJson json;

	private @Nullable JsonState state;

	private @Nullable JsonState connectionState;

	private boolean rejected;

	DefaultChannelHandle(String identifier, ObjectNode parsedIdentifier, String channelName, CableSocket socket,
			CableIdentifiers identifiers, CableJson json) {
		this.identifier = identifier;
		this.channelName = channelName;
		this.params = new ChannelParams(parsedIdentifier, json);
		this.socket = socket;
		this.identifiers = identifiers;
		this.json = json;
	}

	@Override
	public String identifier() {
		return this.identifier;
	}

	@Override
	public ChannelParams params() {
		return this.params;
	}

	@Override
	public CableIdentifiers identifiers() {
		return this.identifiers;
	}

	@Override
	public CableRequest request() {
		return this.socket.request();
	}

	@Override
	public String sid() {
		return this.socket.sid();
	}

	@Override
	public void streamFrom(String stream) {
		streamFrom(stream, false);
	}

	@Override
	public void streamFrom(String stream, boolean whisper) {
		if (stream == null || stream.isEmpty()) {
			throw new IllegalArgumentException("A stream name must not be empty");
		}
		this.socket.subscribe(this.identifier, stream);
		if (whisper) {
			rawState().put(CableStateKeys.WHISPER_STREAM, stream);
		}
	}

	@Override
	public void streamFor(Object model) {
		streamFrom(StreamNames.of(this.channelName, model));
	}

	@Override
	public void stopStreamFrom(String stream) {
		this.socket.unsubscribe(this.identifier, stream);
		CableState state = rawState();
		if (state.get(CableStateKeys.WHISPER_STREAM).filter(stream::equals).isPresent()) {
			state.remove(CableStateKeys.WHISPER_STREAM);
		}
	}

	@Override
	public void stopStreamFor(Object model) {
		stopStreamFrom(StreamNames.of(this.channelName, model));
	}

	@Override
	public void stopAllStreams() {
		this.socket.unsubscribeFromAll(this.identifier);
		rawState().remove(CableStateKeys.WHISPER_STREAM);
	}

	@Override
	public void transmit(Object message) {
		this.socket.transmit(CableFrames.message(this.identifier, this.json.write(message)));
	}

	@Override
	public void reject() {
		this.rejected = true;
	}

	@Override
	public boolean isRejected() {
		return this.rejected;
	}

	@Override
	public JsonState state() {
		if (this.state == null) {
			this.state = new JsonState(rawState(), this.json);
		}
		return this.state;
	}

	@Override
	public JsonState connectionState() {
		if (this.connectionState == null) {
			this.connectionState = new JsonState(this.socket.connectionState(), this.json);
		}
		return this.connectionState;
	}

	@Override
	public void closeConnection(String reason, boolean reconnect) {
		this.socket.transmit(CableFrames.disconnect(reason, reconnect));
		this.socket.close();
	}

	String channelName() {
		return this.channelName;
	}

	private CableState rawState() {
		return this.socket.channelState(this.identifier);
	}

	@Override
	public String toString() {
		return this.identifier;
	}

}
