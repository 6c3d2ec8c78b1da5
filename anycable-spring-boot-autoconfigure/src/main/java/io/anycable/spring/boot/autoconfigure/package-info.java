/**
 * Auto-configuration for AnyCable.
 */
@NullMarked
package io.anycable.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
