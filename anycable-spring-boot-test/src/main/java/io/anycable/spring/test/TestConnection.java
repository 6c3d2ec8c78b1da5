package io.anycable.spring.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.protocol.CableCommand;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.rpc.session.SessionState;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A test client's connection: the answer to its Connect, and what anycable-go would keep
 * for it.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class TestConnection {

	private static final long DEADLINE_SECONDS = 10;

	private final RPCGrpc.RPCBlockingStub stub;

	private final CableJson json;

	private final CableTestRequest request;

	private final CommandOutcome outcome;

	private final SessionState state;

	private final List<String> transmissions = new ArrayList<>();

	private final Map<String, TestSubscription> subscriptions = new LinkedHashMap<>();

	private boolean closed;

	TestConnection(RPCGrpc.RPCBlockingStub stub, CableJson json, CableTestRequest request) {
		this.stub = stub;
		this.json = json;
		this.request = request;
		this.state = new SessionState(request.url(), request.headers(), json);
		ConnectionResponse response = call().connect(this.state.connectRequest());
		this.outcome = new CommandOutcome(response.getStatus().name(), response.getErrorMsg(),
				List.copyOf(response.getTransmissionsList()));
		boolean connected = this.state.applyConnect(response);
		if (response.getStatus() != Status.ERROR) {
			this.transmissions.addAll(response.getTransmissionsList());
		}
		this.closed = !connected;
	}

	/**
	 * Return whether the connection was accepted.
	 * @return {@code true} for SUCCESS
	 */
	public boolean isAccepted() {
		return "SUCCESS".equals(this.outcome.status());
	}

	/**
	 * Return whether the connection was rejected (FAILURE).
	 * @return {@code true} when rejected
	 */
	public boolean isRejected() {
		return "FAILURE".equals(this.outcome.status());
	}

	/**
	 * Return the answer to Connect.
	 * @return the outcome
	 */
	public CommandOutcome connectOutcome() {
		return this.outcome;
	}

	/**
	 * Return the identifiers JSON the connection was accepted with.
	 * @return the identifiers, empty when not accepted
	 */
	public String identifiers() {
		String identifiers = this.state.identifiers();
		return (identifiers != null) ? identifiers : "";
	}

	/**
	 * Return the session id.
	 * @return the sid sent in the metadata
	 */
	public String sid() {
		return this.request.sid();
	}

	/**
	 * Return every frame the client received so far, in order (welcome, confirmations,
	 * transmissions).
	 * @return the raw frames
	 */
	public List<String> transmissions() {
		return Collections.unmodifiableList(this.transmissions);
	}

	/**
	 * Return the connection state anycable-go keeps (raw, JSON-encoded values).
	 * @return the state
	 */
	public Map<String, String> connectionState() {
		return this.state.connectionState();
	}

	/**
	 * Return whether the server closed the connection (rejection, error, or a command's
	 * disconnect).
	 * @return {@code true} once closed
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Subscribe to a channel without parameters.
	 * @param channel the channel name
	 * @return the subscription, confirmed or not
	 */
	public TestSubscription subscribe(String channel) {
		return subscribe(channel, Map.of());
	}

	/**
	 * Subscribe to a channel with identifier parameters.
	 * @param channel the channel name
	 * @param params the parameters, e.g. {@code Map.of("room", "lobby")}
	 * @return the subscription, confirmed or not
	 */
	public TestSubscription subscribe(String channel, Map<String, ?> params) {
		Map<String, Object> identifier = new LinkedHashMap<>();
		identifier.put("channel", channel);
		identifier.putAll(params);
		return subscribeIdentifier(this.json.write(identifier));
	}

	/**
	 * Subscribe with a raw identifier. Like anycable-go, a second subscribe of a
	 * confirmed identifier makes no call.
	 * @param identifier the identifier JSON exactly as a client would send it
	 * @return the subscription
	 */
	public TestSubscription subscribeIdentifier(String identifier) {
		checkOpen();
		TestSubscription existing = this.subscriptions.get(identifier);
		if (existing != null) {
			return existing;
		}
		TestSubscription subscription = new TestSubscription(this, identifier);
		subscription.apply(CableCommand.SUBSCRIBE, command(CableCommand.SUBSCRIBE, identifier, null));
		return subscription;
	}

	/**
	 * Run Disconnect as anycable-go does when the client goes away: with the identifiers,
	 * every confirmed subscription and its state, and the connection state.
	 * @return the answer
	 */
	public CommandOutcome disconnect() {
		Assert.state(isAccepted(), "Only an accepted connection gets a Disconnect call");
		DisconnectResponse response = call().disconnect(this.state.disconnectRequest());
		this.closed = true;
		this.subscriptions.clear();
		return new CommandOutcome(response.getStatus().name(), response.getErrorMsg(), List.of());
	}

	CommandResponse command(CableCommand command, String identifier, @Nullable String data) {
		return call().command(this.state.commandRequest(command, identifier, data));
	}

	/**
	 * Apply a Command response as anycable-go does, and record what the client received.
	 * @return whether the response was applied ({@code false} for {@code ERROR})
	 */
	boolean apply(CableCommand command, TestSubscription subscription, CommandResponse response) {
		if (!this.state.applyCommand(command, subscription.identifier(), response, SessionState.StreamListener.NONE)) {
			return false;
		}
		this.transmissions.addAll(response.getTransmissionsList());
		if (this.state.subscription(subscription.identifier()) != null) {
			this.subscriptions.put(subscription.identifier(), subscription);
		}
		else {
			this.subscriptions.remove(subscription.identifier());
		}
		if (response.getDisconnect()) {
			this.closed = true;
		}
		return true;
	}

	SessionState.@Nullable Subscription sessionSubscription(String identifier) {
		return this.state.subscription(identifier);
	}

	void checkOpen() {
		Assert.state(isAccepted(), () -> "The connection was not accepted: " + this.outcome);
		Assert.state(!this.closed, "The connection was closed by the server");
	}

	CableJson json() {
		return this.json;
	}

	private RPCGrpc.RPCBlockingStub call() {
		return this.stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
	}

	@Override
	public String toString() {
		return "TestConnection[" + this.request + ", " + this.outcome.status() + ", identifiers " + identifiers() + "]";
	}

}
