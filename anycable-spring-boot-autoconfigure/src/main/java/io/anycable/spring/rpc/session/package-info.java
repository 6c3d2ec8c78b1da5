/**
 * The caller's side of the RPC: what anycable-go keeps for one client between calls and
 * how it applies each response. The embedded server and the test module's
 * {@code CableTester} both use it, so neither can drift from the other or from
 * anycable-go.
 */
@NullMarked
package io.anycable.spring.rpc.session;

import org.jspecify.annotations.NullMarked;
