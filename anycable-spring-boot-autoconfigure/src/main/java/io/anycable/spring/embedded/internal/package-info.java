/**
 * Implementation of the embedded endpoint's registration: the origin check. Not for
 * applications: the auto-configuration wires these types and they may change in any
 * release.
 */
@NullMarked
package io.anycable.spring.embedded.internal;

import org.jspecify.annotations.NullMarked;
