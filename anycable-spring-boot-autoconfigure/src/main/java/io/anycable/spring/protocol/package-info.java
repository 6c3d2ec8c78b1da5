/**
 * The Action Cable wire frames.
 */
package io.anycable.spring.protocol;
