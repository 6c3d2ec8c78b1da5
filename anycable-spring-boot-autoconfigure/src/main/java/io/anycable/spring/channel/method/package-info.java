/**
 * How channel method parameters get their values: a {@link ChannelArgumentResolver} per
 * kind of parameter, chosen and prepared once at startup, then called on every
 * invocation. Declare a resolver bean to support a parameter type of your own.
 */
@NullMarked
package io.anycable.spring.channel.method;

import org.jspecify.annotations.NullMarked;
