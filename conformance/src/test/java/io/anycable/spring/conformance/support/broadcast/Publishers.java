package io.anycable.spring.conformance.support.broadcast;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.anycable.spring.connection.CableRequest;

/**
 * Lets the application under test broadcast (from {@code unsubscribed} callbacks and
 * actions) to the anycable-go that called it: publishers are registered by anycable-go's
 * port, and a call's {@code env.url} names that port. This keeps the shared test
 * application stateless across test classes that run against different anycable-go
 * processes.
 */
public final class Publishers {

	private static final Map<Integer, BroadcastPublisher> byPort = new ConcurrentHashMap<>();

	private Publishers() {
	}

	/**
	 * Register the publisher of an anycable-go.
	 * @param port its main port
	 * @param publisher the publisher
	 */
	public static void register(int port, BroadcastPublisher publisher) {
		byPort.put(port, publisher);
	}

	/**
	 * Remove a registration.
	 * @param port the main port
	 */
	public static void unregister(int port) {
		byPort.remove(port);
	}

	/**
	 * Return the publisher of the anycable-go a call came from.
	 * @param request the call's request
	 * @return the publisher
	 */
	public static BroadcastPublisher forRequest(CableRequest request) {
		int port = java.net.URI.create(request.url()).getPort();
		BroadcastPublisher publisher = byPort.get(port);
		if (publisher == null) {
			throw new IllegalStateException("No broadcast publisher registered for the anycable-go on port " + port
					+ ": use ConformanceEnvironment.broadcastVia(...)");
		}
		return publisher;
	}

}
