/**
 * Test support for AnyCable channels.
 */
package io.anycable.spring.test;
