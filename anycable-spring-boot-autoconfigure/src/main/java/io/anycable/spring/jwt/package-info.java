/**
 * AnyCable JWT identification: tokens that carry a connection's identifiers, so that
 * anycable-go (or the embedded server) accepts a client without a Connect call.
 */
@NullMarked
package io.anycable.spring.jwt;

import org.jspecify.annotations.NullMarked;
