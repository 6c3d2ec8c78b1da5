package io.anycable.spring.conformance.support.broadcast;

import java.util.List;

import io.anycable.spring.conformance.support.AnyCableGoServer;

/**
 * A way to get publications to anycable-go: the flags anycable-go needs to listen to it, and a
 * publisher for a running server. The broadcast scenarios ({@code AbstractBroadcastConformance}) run
 * once per transport: add a subclass per transport (Redis, Redis Streams, NATS, or the starter's own
 * {@code CableBroadcaster}) with its flags and publisher.
 */
public interface BroadcastTransport {

	/**
	 * Return the transport name, for reports.
	 * @return the name
	 */
	String name();

	/**
	 * Return anycable-go flags enabling this transport (they replace the default
	 * {@code --broadcast_adapter=http}).
	 * @return the flags
	 */
	List<String> anycableGoFlags();

	/**
	 * Create a publisher for a running anycable-go.
	 * @param server the server
	 * @return the publisher; closed after the test class
	 */
	BroadcastPublisher publisher(AnyCableGoServer server);

}
