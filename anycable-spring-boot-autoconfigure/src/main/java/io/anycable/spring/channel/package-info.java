/**
 * Action Cable-style channels: the handle, state, parameters and stream names channel methods use.
 */
package io.anycable.spring.channel;
