/**
 * Test support for AnyCable channels: {@link io.anycable.spring.test.CableTester}, recorded broadcasts and
 * AssertJ assertions.
 */
@NullMarked
package io.anycable.spring.test;

import org.jspecify.annotations.NullMarked;
