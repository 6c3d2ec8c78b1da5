package io.anycable.spring.broadcast;

import java.util.List;

/**
 * Thrown when a publication could not be handed to the broker (broker down, timeout,
 * rejected request). The message names the adapter and the streams, so a log line says
 * what was lost.
 *
 * @author AnyCable Spring Boot contributors
 */
public class BroadcastException extends RuntimeException {

	private final String adapter;

	private final List<String> streams;

	/**
	 * Create an exception.
	 * @param adapter the adapter that failed, e.g. {@code redis}
	 * @param streams the streams of the lost publication, empty for a remote command
	 * @param what what was being sent, e.g. "broadcast to stream 'chat/1'"
	 * @param cause the failure
	 */
	public BroadcastException(String adapter, List<String> streams, String what, Throwable cause) {
		super("Failed to send " + what + " via " + adapter + ": " + describe(cause), cause);
		this.adapter = adapter;
		this.streams = List.copyOf(streams);
	}

	/**
	 * Return the adapter that failed.
	 * @return the adapter name, e.g. {@code redis}
	 */
	public String getAdapter() {
		return this.adapter;
	}

	/**
	 * Return the streams whose messages were not sent.
	 * @return the stream names, empty for a remote command
	 */
	public List<String> getStreams() {
		return this.streams;
	}

	private static String describe(Throwable cause) {
		String message = cause.getMessage();
		return (message != null) ? message + " (" + cause.getClass().getSimpleName() + ")" : cause.getClass().getName();
	}

}
