/**
 * Broadcasting from the application to anycable-go: the {@link io.anycable.spring.broadcast.CableBroadcaster}
 * API and the transports that carry publications to the server (Redis, Redis Streams, NATS, HTTP).
 */
package io.anycable.spring.broadcast;
