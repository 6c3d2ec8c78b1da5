package io.anycable.spring.connection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.anycable.spring.protocol.CableFrames;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The decision of a {@link CableConnectionFactory} about a new client: accepted with
 * identifiers (and optionally initial connection state), or rejected. Immutable.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableConnection {

	private static final CableConnection REJECTED = new CableConnection(null, Map.of(),
			CableFrames.UNAUTHORIZED_REASON);

	private final @Nullable CableIdentifiers identifiers;

	private final Map<String, Object> state;

	private final @Nullable String rejectionReason;

	private CableConnection(@Nullable CableIdentifiers identifiers, Map<String, Object> state,
			@Nullable String rejectionReason) {
		this.identifiers = identifiers;
		this.state = state;
		this.rejectionReason = rejectionReason;
	}

	/**
	 * Accept the connection with identifiers.
	 * @param identifiers the identifiers, e.g. {@code Map.of("user", userId)}: strings,
	 * numbers or booleans
	 * @return the decision
	 */
	public static CableConnection accept(Map<String, ?> identifiers) {
		return new CableConnection(CableIdentifiers.of(identifiers), Map.of(), null);
	}

	/**
	 * Accept the connection without identifying it.
	 * @return the decision
	 */
	public static CableConnection anonymous() {
		return new CableConnection(CableIdentifiers.empty(), Map.of(), null);
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
	 * Reject the connection with a reason the client acts on, for example
	 * {@code token_expired}, which tells the AnyCable JS client to refresh its token: the
	 * client receives {@code {"type":"disconnect","reason":<reason>,"reconnect":false}}.
	 * @param reason the reason, e.g. {@code token_expired}
	 * @return the decision
	 */
	public static CableConnection reject(String reason) {
		Assert.hasText(reason, "A rejection reason must not be empty");
		return CableFrames.UNAUTHORIZED_REASON.equals(reason) ? REJECTED : new CableConnection(null, Map.of(), reason);
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
		return new CableConnection(this.identifiers, Collections.unmodifiableMap(state), null);
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
	 * Return why the connection is rejected.
	 * @return the reason the client receives ({@code unauthorized} unless another was
	 * given), {@code null} when accepted
	 */
	public @Nullable String rejectionReason() {
		return this.rejectionReason;
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
		return isAccepted() ? "accepted " + this.identifiers : "rejected (" + this.rejectionReason + ")";
	}

}
