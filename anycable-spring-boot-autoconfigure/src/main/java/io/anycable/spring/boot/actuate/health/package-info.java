/**
 * Actuator health indicators for AnyCable: the {@code anycable.RPC} server and the broker
 * broadcasts go through.
 */
@NullMarked
package io.anycable.spring.boot.actuate.health;

import org.jspecify.annotations.NullMarked;
