/**
 * Shared helpers.
 */
package io.anycable.spring.support;
