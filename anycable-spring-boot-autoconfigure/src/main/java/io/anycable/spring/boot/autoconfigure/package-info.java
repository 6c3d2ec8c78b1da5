/**
 * Auto-configuration for AnyCable.
 */
package io.anycable.spring.boot.autoconfigure;
