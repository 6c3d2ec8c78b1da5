/**
 * Implementation of the gRPC transport's server integration (grpc-spring): executor
 * selection, health reporting and the shutdown sequence. Not for applications: the
 * auto-configuration wires these types and they may change in any release.
 */
@NullMarked
package io.anycable.spring.rpc.grpc.internal;

import org.jspecify.annotations.NullMarked;
