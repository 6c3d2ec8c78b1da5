package io.anycable.spring.boot.autoconfigure;

/**
 * Thrown at startup when the chosen {@code anycable.broadcast-adapter} cannot work
 * because its client library is not on the classpath.
 *
 * @author AnyCable Spring Boot contributors
 */
public class MissingBroadcastAdapterException extends RuntimeException {

	private final String library;

	MissingBroadcastAdapterException(String adapter, String library) {
		super("anycable.broadcast-adapter is " + adapter + ", which needs " + library + " on the classpath");
		this.library = library;
	}

	/**
	 * Return the library the adapter needs.
	 * @return the Maven coordinates
	 */
	public String getLibrary() {
		return this.library;
	}

}
