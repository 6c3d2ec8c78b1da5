/**
 * Test auto-configuration and slices for AnyCable: the annotations that configure a
 * test's application context
 * ({@link io.anycable.spring.boot.test.autoconfigure.AnyCableTest},
 * {@link io.anycable.spring.boot.test.autoconfigure.AutoConfigureCableTester}), laid out
 * like Boot's {@code org.springframework.boot.test.autoconfigure.web.servlet}
 * ({@code @WebMvcTest}). The tools they provide are in {@link io.anycable.spring.test}.
 */
@NullMarked
package io.anycable.spring.boot.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
