package io.anycable.spring.boot.autoconfigure;

/**
 * Thrown at startup when {@code anycable.rpc-host} cannot be used as a server address.
 *
 * @author AnyCable Spring Boot contributors
 */
public class InvalidRpcHostException extends RuntimeException {

	private final String value;

	/**
	 * Create an exception.
	 * @param value the configured value
	 * @param reason why it is invalid
	 */
	public InvalidRpcHostException(String value, String reason) {
		super("Invalid anycable.rpc-host '" + value + "': " + reason);
		this.value = value;
	}

	/**
	 * Return the configured value.
	 * @return the value
	 */
	public String getValue() {
		return this.value;
	}

}
