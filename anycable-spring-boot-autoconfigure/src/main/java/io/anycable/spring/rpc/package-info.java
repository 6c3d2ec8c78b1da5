/**
 * The {@code anycable.RPC} semantics and its gRPC service.
 */
package io.anycable.spring.rpc;
