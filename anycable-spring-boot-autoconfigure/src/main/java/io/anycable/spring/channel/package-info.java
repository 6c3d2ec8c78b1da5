/**
 * Action Cable-style channels: the handle, state, parameters and stream names channel
 * methods use.
 */
@NullMarked
package io.anycable.spring.channel;

import org.jspecify.annotations.NullMarked;
