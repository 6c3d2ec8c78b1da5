/**
 * The {@code anycable.RPC} semantics and its gRPC service.
 */
@NullMarked
package io.anycable.spring.rpc;

import org.jspecify.annotations.NullMarked;
