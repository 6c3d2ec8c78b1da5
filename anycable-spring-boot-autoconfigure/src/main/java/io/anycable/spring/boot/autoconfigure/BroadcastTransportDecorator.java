package io.anycable.spring.boot.autoconfigure;

import io.anycable.spring.broadcast.BroadcastTransport;

/**
 * Wraps the transport the auto-configured broadcaster publishes through (metrics do),
 * without exposing the wrapper as a bean.
 *
 * @author AnyCable Spring Boot contributors
 */
@FunctionalInterface
interface BroadcastTransportDecorator {

	/**
	 * Wrap a transport.
	 * @param transport the transport
	 * @return the transport to publish through
	 */
	BroadcastTransport decorate(BroadcastTransport transport);

}
