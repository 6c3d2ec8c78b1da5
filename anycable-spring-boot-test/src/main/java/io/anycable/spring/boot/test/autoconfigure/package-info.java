/**
 * Test auto-configuration and slices for AnyCable.
 */
@NullMarked
package io.anycable.spring.boot.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
