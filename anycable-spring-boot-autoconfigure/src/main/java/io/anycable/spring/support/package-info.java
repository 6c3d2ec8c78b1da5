/**
 * Shared helpers.
 */
@NullMarked
package io.anycable.spring.support;

import org.jspecify.annotations.NullMarked;
