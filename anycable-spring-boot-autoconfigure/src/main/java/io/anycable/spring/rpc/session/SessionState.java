package io.anycable.spring.rpc.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.anycable.spring.protocol.CableCommand;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.Env;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What anycable-go keeps for one client (protocol §2.1): the request, the identifiers of
 * the accepted Connect, the connection state and, per confirmed subscription, its state
 * and streams. It builds each request from that state and applies each response in
 * anycable-go's order (protocol §2.3): streams, channel state, connection state; the
 * transmissions and the close are the caller's to deliver.
 * <p>
 * Not thread-safe: a caller handles one client's commands one at a time, as anycable-go's
 * read loop does.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class SessionState {

	private final String url;

	private final Map<String, String> headers;

	private final CableJson json;

	private final Map<String, String> connectionState = new LinkedHashMap<>();

	// insertion order = subscription order, so Disconnect lists them in a stable order
	private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

	private @Nullable String identifiers;

	/**
	 * Create the state of a new client.
	 * @param url the URL of its WebSocket request
	 * @param headers the request headers passed to the application
	 * @param json encodes channel states for Disconnect
	 */
	public SessionState(String url, Map<String, String> headers, CableJson json) {
		this.url = url;
		this.headers = Map.copyOf(headers);
		this.json = json;
	}

	/**
	 * Return the identifiers of the accepted Connect.
	 * @return the identifiers JSON, {@code null} until a Connect succeeded
	 */
	public @Nullable String identifiers() {
		return this.identifiers;
	}

	/**
	 * Return whether a Connect succeeded.
	 * @return {@code true} once accepted
	 */
	public boolean isConnected() {
		return this.identifiers != null;
	}

	/**
	 * Return the connection state (raw, JSON-encoded values).
	 * @return the state, read-only
	 */
	public Map<String, String> connectionState() {
		return Collections.unmodifiableMap(this.connectionState);
	}

	/**
	 * Return a confirmed subscription.
	 * @param identifier the channel identifier
	 * @return the subscription, or {@code null} when not subscribed
	 */
	public @Nullable Subscription subscription(String identifier) {
		return this.subscriptions.get(identifier);
	}

	/**
	 * Build the Connect request.
	 * @return the request
	 */
	public ConnectionRequest connectRequest() {
		return ConnectionRequest.newBuilder().setEnv(env(Map.of())).build();
	}

	/**
	 * Apply the answer to Connect: the connection state it set and, on {@code SUCCESS},
	 * the identifiers. {@code ERROR} changes nothing.
	 * @param response the response
	 * @return whether the client is connected
	 */
	public boolean applyConnect(ConnectionResponse response) {
		if (response.getStatus() == Status.ERROR) {
			return false;
		}
		merge(this.connectionState, response.getEnv().getCstateMap());
		if (response.getStatus() == Status.SUCCESS) {
			this.identifiers = response.getIdentifiers();
		}
		return isConnected();
	}

	/**
	 * Build a Command request with the state anycable-go sends: the connection state and,
	 * for a confirmed subscription, its state.
	 * @param command subscribe, unsubscribe or message
	 * @param identifier the channel identifier exactly as the client sent it
	 * @param data the data of a message, {@code null} otherwise
	 * @return the request
	 */
	public CommandMessage commandRequest(CableCommand command, String identifier, @Nullable String data) {
		Assert.isTrue(command.isRpcCommand(), () -> command.wireName() + " is not a Command of the RPC");
		Subscription subscription = this.subscriptions.get(identifier);
		CommandMessage.Builder request = CommandMessage.newBuilder()
			.setCommand(command.wireName())
			.setIdentifier(identifier)
			.setConnectionIdentifiers((this.identifiers != null) ? this.identifiers : "")
			.setEnv(env((subscription != null) ? subscription.state : Map.of()));
		if (data != null) {
			request.setData(data);
		}
		return request.build();
	}

	/**
	 * Apply the answer to a Command as anycable-go does. {@code ERROR} changes nothing. A
	 * confirmed subscribe becomes a subscription; an unsubscribe (confirmed or not) ends
	 * one with its streams and state; for a subscription the response's stopped and
	 * started streams and its channel state are applied; the connection state always is.
	 * @param command the command the response answers
	 * @param identifier its channel identifier
	 * @param response the response
	 * @param streams told of every stream started or stopped
	 * @return whether anything was applied ({@code false} for {@code ERROR})
	 */
	public boolean applyCommand(CableCommand command, String identifier, CommandResponse response,
			StreamListener streams) {
		if (response.getStatus() == Status.ERROR || response.getStatus() == Status.UNRECOGNIZED) {
			return false;
		}
		Subscription subscription = this.subscriptions.get(identifier);
		if (command == CableCommand.SUBSCRIBE && subscription == null && response.getStatus() == Status.SUCCESS) {
			subscription = new Subscription();
			this.subscriptions.put(identifier, subscription);
		}
		else if (command == CableCommand.UNSUBSCRIBE && subscription != null) {
			// SUCCESS or FAILURE: the channel is gone, with its streams and state
			this.subscriptions.remove(identifier);
			subscription.stopAllStreams(identifier, streams);
			subscription.state.clear();
			subscription = null;
		}
		if (subscription != null) {
			if (response.getStopStreams()) {
				subscription.stopAllStreams(identifier, streams);
			}
			else {
				for (String stream : response.getStoppedStreamsList()) {
					if (subscription.streams.remove(stream)) {
						streams.stopped(identifier, stream);
					}
				}
			}
			for (String stream : response.getStreamsList()) {
				if (subscription.streams.add(stream)) {
					streams.started(identifier, stream);
				}
			}
			merge(subscription.state, response.getEnv().getIstateMap());
		}
		merge(this.connectionState, response.getEnv().getCstateMap());
		return true;
	}

	/**
	 * Stop every stream of every subscription, as anycable-go does when the client goes
	 * away.
	 * @param streams told of every stream stopped
	 */
	public void stopAllStreams(StreamListener streams) {
		this.subscriptions.forEach((identifier, subscription) -> subscription.stopAllStreams(identifier, streams));
	}

	/**
	 * Build the Disconnect request (protocol §2.4): the identifiers, every confirmed
	 * subscription and the state of each that has any, and the connection state.
	 * @return the request, or {@code null} when the client was never connected
	 */
	public @Nullable DisconnectRequest disconnectRequest() {
		if (this.identifiers == null) {
			return null;
		}
		Env.Builder env = env(Map.of()).toBuilder();
		this.subscriptions.forEach((identifier, subscription) -> {
			if (!subscription.state.isEmpty()) {
				env.putIstate(identifier, this.json.write(subscription.state));
			}
		});
		return DisconnectRequest.newBuilder()
			.setIdentifiers(this.identifiers)
			.addAllSubscriptions(new ArrayList<>(this.subscriptions.keySet()))
			.setEnv(env)
			.build();
	}

	private Env env(Map<String, String> channelState) {
		return Env.newBuilder()
			.setUrl(this.url)
			.putAllHeaders(this.headers)
			.putAllCstate(this.connectionState)
			.putAllIstate(channelState)
			.build();
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

	/**
	 * A confirmed subscription: its state and streams.
	 */
	public static final class Subscription {

		private final Map<String, String> state = new LinkedHashMap<>();

		private final Set<String> streams = new LinkedHashSet<>();

		private Subscription() {
		}

		/**
		 * Return the subscription state (raw, JSON-encoded values; {@code $w} is the
		 * whisper stream).
		 * @return the state, read-only
		 */
		public Map<String, String> state() {
			return Collections.unmodifiableMap(this.state);
		}

		/**
		 * Return the streams the subscription receives broadcasts from, in the order they
		 * started.
		 * @return the streams, read-only
		 */
		public Set<String> streams() {
			return Collections.unmodifiableSet(this.streams);
		}

		private void stopAllStreams(String identifier, StreamListener listener) {
			List<String> stopped = new ArrayList<>(this.streams);
			this.streams.clear();
			stopped.forEach((stream) -> listener.stopped(identifier, stream));
		}

	}

	/**
	 * Told of the streams a response starts and stops, to route broadcasts to the
	 * subscription.
	 */
	public interface StreamListener {

		/** A listener for callers that route no broadcasts. */
		StreamListener NONE = new StreamListener() {

			@Override
			public void started(String identifier, String stream) {
			}

			@Override
			public void stopped(String identifier, String stream) {
			}

		};

		/**
		 * A subscription started a stream.
		 * @param identifier the subscription
		 * @param stream the stream
		 */
		void started(String identifier, String stream);

		/**
		 * A subscription stopped a stream.
		 * @param identifier the subscription
		 * @param stream the stream
		 */
		void stopped(String identifier, String stream);

	}

}
