package io.anycable.spring.channel;

import java.util.Optional;

import com.fasterxml.jackson.databind.JavaType;
import io.anycable.spring.connection.CableState;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

/**
 * Typed access to a connection or subscription state: values are stored JSON-encoded, so
 * any value the application's ObjectMapper writes survives the trip through anycable-go.
 * Only changed keys are sent back; {@link #remove} deletes a key there too.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class JsonState {

	private final CableState state;

	private final CableJson json;

	/**
	 * Create typed access to a state.
	 * @param state the raw state
	 * @param json the JSON support that encodes values
	 */
	public JsonState(CableState state, CableJson json) {
		this.state = state;
		this.json = json;
	}

	/**
	 * Read a value.
	 * @param <T> the type
	 * @param key the key
	 * @param type the type
	 * @return the value, or empty when absent
	 * @throws IllegalArgumentException when the stored value does not read as the type
	 */
	public <T> Optional<T> get(String key, Class<T> type) {
		return get(key, this.json.mapper().constructType(type));
	}

	/**
	 * Read a value of a generic type.
	 * @param <T> the type
	 * @param key the key
	 * @param type the type, e.g. from {@code TypeFactory}
	 * @return the value, or empty when absent
	 * @throws IllegalArgumentException when the stored value does not read as the type
	 */
	public <T> Optional<T> get(String key, JavaType type) {
		return this.state.get(key).map((value) -> this.json.read(value, type, "state '" + key + "'"));
	}

	/**
	 * Store a value; {@code null} removes the key.
	 * @param key the key
	 * @param value the value
	 */
	public void put(String key, @Nullable Object value) {
		if (value == null) {
			remove(key);
		}
		else {
			this.state.put(key, this.json.write(value));
		}
	}

	/**
	 * Remove a key.
	 * @param key the key
	 */
	public void remove(String key) {
		this.state.remove(key);
	}

	/**
	 * Return whether a key is present.
	 * @param key the key
	 * @return {@code true} when present
	 */
	public boolean contains(String key) {
		return this.state.containsKey(key);
	}

	/**
	 * Return the raw string state underneath.
	 * @return the raw state
	 */
	public CableState raw() {
		return this.state;
	}

	@Override
	public String toString() {
		return this.state.toString();
	}

}
