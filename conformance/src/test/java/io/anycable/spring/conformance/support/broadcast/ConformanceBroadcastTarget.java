package io.anycable.spring.conformance.support.broadcast;

import java.util.List;

import io.anycable.spring.conformance.support.AnyCableGoServer;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A way to get publications to anycable-go: what it needs running (a Redis server,
 * ports), the anycable-go flags that make anycable-go listen to it, the application
 * properties that make the starter's {@code CableBroadcaster} publish through it, and a
 * publisher for a running pair. The broadcast scenarios
 * ({@code AbstractBroadcastConformance}) run once per target. Not to be confused with the
 * starter's {@link io.anycable.spring.broadcast.BroadcastTransport}, which a target may
 * exercise.
 * <p>
 * Lifecycle, driven by {@code ConformanceEnvironment}: {@link #start()}, then the
 * application is started with {@link #applicationProperties()} and anycable-go with
 * {@link #anycableGoFlags()}, then {@link #publisher}; {@link #close()} after the test
 * class.
 */
public interface ConformanceBroadcastTarget extends AutoCloseable {

	/**
	 * Return the transport name, for reports.
	 * @return the name
	 */
	String name();

	/**
	 * Start what the transport needs (servers, port allocation). Called once, before
	 * anything else.
	 */
	default void start() {
	}

	/**
	 * Return anycable-go flags enabling this transport (they replace the default
	 * {@code --broadcast_adapter=http}).
	 * @return the flags
	 */
	List<String> anycableGoFlags();

	/**
	 * Return the application properties ({@code key=value}) for this transport; the
	 * application is started once per distinct set.
	 * @return the properties
	 */
	default List<String> applicationProperties() {
		return List.of();
	}

	/**
	 * Create a publisher for a running anycable-go and application.
	 * @param server the anycable-go
	 * @param context the application
	 * @return the publisher; closed after the test class
	 */
	BroadcastPublisher publisher(AnyCableGoServer server, ConfigurableApplicationContext context);

	/**
	 * Stop what {@link #start()} started.
	 */
	@Override
	default void close() {
	}

}
