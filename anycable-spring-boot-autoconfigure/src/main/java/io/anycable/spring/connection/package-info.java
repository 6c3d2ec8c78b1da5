/**
 * Connections and the low-level socket contract the RPC handler drives.
 */
@NullMarked
package io.anycable.spring.connection;

import org.jspecify.annotations.NullMarked;
