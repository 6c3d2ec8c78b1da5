package io.anycable.spring.broadcast;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Carries publications (the JSON texts anycable-go reads from its broadcast adapter) to
 * the broker. Implementations bound every call in time and reconnect by themselves after
 * an outage. Declaring a bean of this type replaces the adapter chosen with
 * {@code anycable.broadcast-adapter}.
 *
 * @author AnyCable Spring Boot contributors
 */
public interface BroadcastTransport {

	/**
	 * Return the adapter name as anycable-go knows it, for messages.
	 * @return the name, e.g. {@code redis}
	 */
	String name();

	/**
	 * Send one publication: a message object, a batch array or a remote command.
	 * @param publication the JSON text
	 * @throws Exception if the broker did not take it
	 */
	void publish(String publication) throws Exception;

	/**
	 * Send one publication within a time limit that may be shorter than the transport's
	 * own timeout: a broadcast made during an RPC call must end before anycable-go stops
	 * waiting for the call, or the client is answered an error while the action goes on
	 * (and a retried call would run it again). The built-in transports honour the limit
	 * across every attempt; the default ignores it and calls {@link #publish(String)}.
	 * @param publication the JSON text
	 * @param timeLimit how long sending may take at most, attempts and waits included
	 * @throws Exception if the broker did not take it within the limit
	 */
	default void publish(String publication, Duration timeLimit) throws Exception {
		publish(publication);
	}

	/**
	 * Send one publication without waiting for the broker. Transports whose client is
	 * asynchronous (redis, redisx) return at once; the default sends synchronously with
	 * {@link #publish(String)} and returns a completed future.
	 * @param publication the JSON text
	 * @return completes when the broker took the publication, or exceptionally with the
	 * reason it did not
	 */
	default CompletableFuture<Void> publishAsync(String publication) {
		return completion(() -> {
			publish(publication);
			return null;
		});
	}

	/**
	 * Send one publication without waiting for the broker, within a time limit, as
	 * {@link #publish(String, Duration)} for a transport that sends synchronously (the
	 * default). An asynchronous transport returns at once and bounds the wait with its
	 * own timeout.
	 * @param publication the JSON text
	 * @param timeLimit how long sending may hold the caller at most
	 * @return completes when the broker took the publication, or exceptionally with the
	 * reason it did not
	 */
	default CompletableFuture<Void> publishAsync(String publication, Duration timeLimit) {
		return completion(() -> {
			publish(publication, timeLimit);
			return null;
		});
	}

	private static CompletableFuture<Void> completion(Callable<Void> send) {
		try {
			send.call();
			return CompletableFuture.completedFuture(null);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Tell whether the broker can be reached now, for health checks. May connect or ask
	 * the broker, within the transport's timeout.
	 * @return whether publications can currently be sent
	 */
	boolean isConnected();

	/**
	 * Check that the broker can be reached now, like {@link #isConnected()}, and say why
	 * not: the health indicator reports the reason. The default asks
	 * {@link #isConnected()}, which knows no reason; the built-in transports throw what
	 * their client threw.
	 * @throws Exception why publications cannot currently be sent
	 */
	default void checkConnection() throws Exception {
		if (!isConnected()) {
			throw new IllegalStateException("The " + name() + " broker cannot be reached");
		}
	}

	/**
	 * Return where publications go, for health details and logs: the broker's URL or
	 * servers, never with credentials (no user info, no password).
	 * @return the destination; the {@link #name() adapter name} by default
	 */
	default String target() {
		return name();
	}

}
