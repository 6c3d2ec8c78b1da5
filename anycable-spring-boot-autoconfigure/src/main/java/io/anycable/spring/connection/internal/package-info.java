/**
 * Implementation contracts between the RPC handler and the channel framework. Not for
 * applications: they may change in any release.
 */
@NullMarked
package io.anycable.spring.connection.internal;

import org.jspecify.annotations.NullMarked;
