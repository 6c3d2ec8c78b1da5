package io.anycable.spring.connection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The decision of a {@link CableConnectionFactory} about a new client: accepted with
 * identifiers (and optionally initial connection state), or rejected. Immutable.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableConnection {

	private static final CableConnection REJECTED = new CableConnection(null, Map.of());

	private final @Nullable CableIdentifiers identifiers;

	private final Map<String, Object> state;

	private CableConnection(@Nullable CableIdentifiers identifiers, Map<String, Object> state) {
		this.identifiers = identifiers;
		this.state = state;
	}

	/**
	 * Accept the connection with identifiers.
	 * @param identifiers the identifiers, e.g. {@code Map.of("user", userId)}: strings,
	 * numbers or booleans
	 * @return the decision
	 */
	public static CableConnection accept(Map<String, ?> identifiers) {
		return new CableConnection(CableIdentifiers.of(identifiers), Map.of());
	}

	/**
	 * Accept the connection without identifying it.
	 * @return the decision
	 */
	public static CableConnection anonymous() {
		return new CableConnection(CableIdentifiers.empty(), Map.of());
	}

	/**
	 * Reject the connection: the client receives
	 * {@code {"type":"disconnect","reason":"unauthorized","reconnect":false}}.
	 * @return the decision
	 */
	public static CableConnection reject() {
		return REJECTED;
	}

	/**
	 * Return a copy that also sets a value of the connection state, JSON-encoded;
	 * channels read it with {@code ChannelHandle.connectionState()}.
	 * @param key the key
	 * @param value the value
	 * @return a new decision
	 */
	public CableConnection withState(String key, Object value) {
		Assert.state(isAccepted(), "A rejected connection has no state");
		Assert.hasLength(key, "A state key must not be empty");
		Map<String, Object> state = new LinkedHashMap<>(this.state);
		state.put(key, value);
		return new CableConnection(this.identifiers, Collections.unmodifiableMap(state));
	}

	/**
	 * Return whether the connection is accepted.
	 * @return {@code true} when accepted
	 */
	public boolean isAccepted() {
		return this.identifiers != null;
	}

	/**
	 * Return the identifiers of an accepted connection.
	 * @return the identifiers, {@code null} when rejected
	 */
	public @Nullable CableIdentifiers identifiers() {
		return this.identifiers;
	}

	/**
	 * Return the initial connection state.
	 * @return the values by key
	 */
	public Map<String, Object> state() {
		return this.state;
	}

	@Override
	public String toString() {
		return isAccepted() ? "accepted " + this.identifiers : "rejected";
	}

}
