/**
 * The channel framework on top of the socket contract: discovery, validation and
 * dispatch.
 */
@NullMarked
package io.anycable.spring.channel.internal;

import org.jspecify.annotations.NullMarked;
