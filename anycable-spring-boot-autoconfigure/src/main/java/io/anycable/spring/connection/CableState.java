package io.anycable.spring.connection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.util.Assert;

/**
 * A string-to-string state map that anycable-go keeps between RPC calls: the connection
 * state ({@code cstate}) or the state of one channel subscription ({@code istate}).
 * <p>
 * Only changed keys travel back to anycable-go, and a removed key travels as an empty
 * value (anycable-go deletes keys whose value is empty). Consequently an empty string
 * cannot be stored: {@link #put} with an empty value is a removal. Changes made during
 * Disconnect are discarded: the client is gone. Not thread-safe: an instance lives for
 * one RPC call.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableState {

	private final Map<String, String> values;

	private final Map<String, String> changes = new LinkedHashMap<>();

	private CableState(Map<String, String> initial) {
		this.values = new LinkedHashMap<>(initial);
	}

	/**
	 * Create a state that starts from the given values and records changes.
	 * @param initial the values anycable-go sent
	 * @return a writable state
	 */
	public static CableState of(Map<String, String> initial) {
		return new CableState(initial);
	}

	/**
	 * Return the value stored under the key.
	 * @param key the key
	 * @return the value, or empty when absent
	 */
	public Optional<String> get(String key) {
		return Optional.ofNullable(this.values.get(key));
	}

	/**
	 * Store a value; an empty value removes the key (that is what an empty value means on
	 * the wire).
	 * @param key the key
	 * @param value the value, not {@code null}
	 */
	public void put(String key, String value) {
		Assert.notNull(value, "A state value must not be null; use remove(key) to delete it");
		if (value.isEmpty()) {
			remove(key);
			return;
		}
		Assert.hasLength(key, "A state key must not be empty");
		if (!value.equals(this.values.put(key, value))) {
			this.changes.put(key, value);
		}
	}

	/**
	 * Remove a key.
	 * @param key the key
	 */
	public void remove(String key) {
		if (this.values.remove(key) != null) {
			this.changes.put(key, "");
		}
	}

	/**
	 * Return whether a key is present.
	 * @param key the key
	 * @return {@code true} when a value is stored
	 */
	public boolean containsKey(String key) {
		return this.values.containsKey(key);
	}

	/**
	 * Return the current values.
	 * @return a read-only view of the current values
	 */
	public Map<String, String> asMap() {
		return Collections.unmodifiableMap(this.values);
	}

	/**
	 * Return the changes made since this state was created, removed keys mapped to
	 * {@code ""}.
	 * @return a read-only view of the changes
	 */
	public Map<String, String> changes() {
		return Collections.unmodifiableMap(this.changes);
	}

	@Override
	public String toString() {
		return this.values.toString();
	}

}
