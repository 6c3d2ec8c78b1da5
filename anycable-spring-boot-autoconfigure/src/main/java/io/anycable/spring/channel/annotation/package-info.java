/**
 * Annotations that declare channels and bind their method parameters.
 */
package io.anycable.spring.channel.annotation;
