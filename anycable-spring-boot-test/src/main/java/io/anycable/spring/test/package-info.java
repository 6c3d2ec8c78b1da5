/**
 * Test support for AnyCable channels: {@link io.anycable.spring.test.CableTester},
 * recorded broadcasts and AssertJ assertions
 * ({@link io.anycable.spring.test.CableAssertions}), the tools a test uses, like
 * {@code MockMvc} in {@code org.springframework.test.web.servlet}. The annotations that
 * set them up are in {@link io.anycable.spring.boot.test.autoconfigure}.
 */
@NullMarked
package io.anycable.spring.test;

import org.jspecify.annotations.NullMarked;
