/**
 * Test support for AnyCable channels: {@link io.anycable.spring.test.CableTester}, recorded broadcasts and
 * AssertJ assertions.
 */
package io.anycable.spring.test;
