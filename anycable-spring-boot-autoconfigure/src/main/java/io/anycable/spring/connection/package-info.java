/**
 * Connections and the low-level socket contract the RPC handler drives.
 */
package io.anycable.spring.connection;
