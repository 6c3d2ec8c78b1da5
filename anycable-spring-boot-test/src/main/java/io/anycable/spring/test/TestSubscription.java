package io.anycable.spring.test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anycable.spring.protocol.CableCommand;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.session.SessionState;
import io.anycable.spring.support.CableJson;

import org.springframework.util.Assert;

/**
 * A test client's subscription, with what anycable-go keeps for it: streams and state,
 * applied from each Command response in anycable-go's order (stopped streams, started
 * streams, state, transmissions).
 *
 * @author AnyCable Spring Boot contributors
 */
public final class TestSubscription {

	private final TestConnection connection;

	private final String identifier;

	private final List<String> transmissions = new ArrayList<>();

	private CommandOutcome subscribeOutcome;

	private CommandOutcome lastOutcome;

	private boolean subscribed;

	TestSubscription(TestConnection connection, String identifier) {
		this.connection = connection;
		this.identifier = identifier;
	}

	/**
	 * Return the identifier.
	 * @return the identifier JSON
	 */
	public String identifier() {
		return this.identifier;
	}

	/**
	 * Return whether the subscription was confirmed (and not unsubscribed since).
	 * @return {@code true} while subscribed
	 */
	public boolean isConfirmed() {
		return this.subscribed;
	}

	/**
	 * Return whether the subscription was rejected.
	 * @return {@code true} for a FAILURE answer to subscribe
	 */
	public boolean isRejected() {
		return "FAILURE".equals(this.subscribeOutcome.status());
	}

	/**
	 * Return the answer to subscribe.
	 * @return the outcome
	 */
	public CommandOutcome subscribeOutcome() {
		return this.subscribeOutcome;
	}

	/**
	 * Return the answer to the last command (subscribe, perform or unsubscribe).
	 * @return the outcome
	 */
	public CommandOutcome lastOutcome() {
		return this.lastOutcome;
	}

	/**
	 * Return the streams the subscription receives broadcasts from.
	 * @return the stream names
	 */
	public Set<String> streams() {
		SessionState.Subscription subscription = this.connection.sessionSubscription(this.identifier);
		return (subscription != null) ? subscription.streams() : Set.of();
	}

	/**
	 * Return the subscription state anycable-go keeps (raw, JSON-encoded values;
	 * {@code $w} is the whisper stream).
	 * @return the state
	 */
	public Map<String, String> state() {
		SessionState.Subscription subscription = this.connection.sessionSubscription(this.identifier);
		return (subscription != null) ? subscription.state() : Map.of();
	}

	/**
	 * Read one state value.
	 * @param <T> the type
	 * @param key the key
	 * @param type the type
	 * @return the value, or empty when absent
	 */
	public <T> Optional<T> state(String key, Class<T> type) {
		CableJson json = this.connection.json();
		return Optional.ofNullable(state().get(key))
			.map((value) -> json.read(value, json.mapper().constructType(type), "state '" + key + "'"));
	}

	/**
	 * Return every frame this subscription's commands sent, in order (including the
	 * confirmation).
	 * @return the raw frames
	 */
	public List<String> transmissions() {
		return Collections.unmodifiableList(this.transmissions);
	}

	/**
	 * Return the {@code message} of every data frame sent to this subscription, in order.
	 * @return the messages as JSON
	 */
	public List<JsonNode> messages() {
		List<JsonNode> messages = new ArrayList<>();
		for (String frame : this.transmissions) {
			JsonNode node = this.connection.json().readObject(frame, "transmission");
			if (this.identifier.equals(node.path("identifier").asText(null)) && node.has("message")) {
				messages.add(node.get("message"));
			}
		}
		return messages;
	}

	/**
	 * Perform an action without data.
	 * @param action the action name
	 * @return this subscription
	 */
	public TestSubscription perform(String action) {
		return perform(action, Map.of());
	}

	/**
	 * Perform an action: a {@code message} command whose data is the payload with
	 * {@code action} set.
	 * @param action the action name
	 * @param payload an object that serializes to a JSON object (a Map, a record...)
	 * @return this subscription
	 */
	public TestSubscription perform(String action, Object payload) {
		this.connection.checkOpen();
		Assert.state(this.subscribed,
				() -> "Not subscribed to " + this.identifier + ": anycable-go would not call the server");
		JsonNode tree = this.connection.json().mapper().valueToTree(payload);
		Assert.isTrue(tree.isObject(), () -> "An action payload must serialize to a JSON object, not " + tree);
		ObjectNode data = this.connection.json().mapper().createObjectNode().put("action", action);
		data.setAll((ObjectNode) tree);
		apply(CableCommand.MESSAGE, this.connection.command(CableCommand.MESSAGE, this.identifier, data.toString()));
		return this;
	}

	/**
	 * Unsubscribe.
	 * @return this subscription
	 */
	public TestSubscription unsubscribe() {
		this.connection.checkOpen();
		Assert.state(this.subscribed, () -> "Not subscribed to " + this.identifier);
		apply(CableCommand.UNSUBSCRIBE, this.connection.command(CableCommand.UNSUBSCRIBE, this.identifier, null));
		return this;
	}

	CableJson json() {
		return this.connection.json();
	}

	void apply(CableCommand command, CommandResponse response) {
		this.lastOutcome = new CommandOutcome(response.getStatus().name(), response.getErrorMsg(),
				List.copyOf(response.getTransmissionsList()));
		if (command == CableCommand.SUBSCRIBE) {
			this.subscribeOutcome = this.lastOutcome;
		}
		if (this.connection.apply(command, this, response)) {
			this.subscribed = this.connection.sessionSubscription(this.identifier) != null;
			this.transmissions.addAll(response.getTransmissionsList());
		}
	}

	@Override
	public String toString() {
		return "TestSubscription[" + this.identifier + (this.subscribed ? ", confirmed" : "") + ", streams " + streams()
				+ "]";
	}

}
