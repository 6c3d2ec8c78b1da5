/**
 * An embedded Action Cable endpoint: serves WebSocket clients from the application itself
 * and answers their commands with the same in-process RPC handler anycable-go would call,
 * for development and single-node deployments.
 */
@NullMarked
package io.anycable.spring.embedded;

import org.jspecify.annotations.NullMarked;
