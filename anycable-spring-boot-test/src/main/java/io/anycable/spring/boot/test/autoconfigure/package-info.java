/**
 * Test auto-configuration and slices for AnyCable.
 */
package io.anycable.spring.boot.test.autoconfigure;
