/**
 * Annotations that declare channels and bind their method parameters.
 */
@NullMarked
package io.anycable.spring.channel.annotation;

import org.jspecify.annotations.NullMarked;
