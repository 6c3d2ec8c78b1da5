/**
 * Broadcasting from the application to anycable-go: the
 * {@link io.anycable.spring.broadcast.CableBroadcaster} API and the transports that carry
 * publications to the server (Redis, Redis Streams, NATS, HTTP).
 */
@NullMarked
package io.anycable.spring.broadcast;

import org.jspecify.annotations.NullMarked;
