/**
 * The {@code anycable.RPC} gRPC transport: the service, the bounded pool its calls run on
 * and the observer told how each call ended.
 */
@NullMarked
package io.anycable.spring.rpc.grpc;

import org.jspecify.annotations.NullMarked;
