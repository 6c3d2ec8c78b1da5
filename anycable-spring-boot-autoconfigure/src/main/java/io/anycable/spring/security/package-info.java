/**
 * Spring Security for AnyCable connections: Connect authenticates the client from what
 * anycable-go proxies (a Spring Session cookie, a bearer token), and every Command and
 * Disconnect runs with a security context rebuilt from the connection's identifiers, so
 * {@code @PreAuthorize} and {@code @AuthenticationPrincipal} work in channels.
 */
@NullMarked
package io.anycable.spring.security;

import org.jspecify.annotations.NullMarked;
