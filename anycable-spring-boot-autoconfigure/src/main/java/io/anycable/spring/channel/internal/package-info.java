/**
 * The channel framework on top of the socket contract: discovery, validation and dispatch.
 */
package io.anycable.spring.channel.internal;
