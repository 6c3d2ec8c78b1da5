/**
 * The Action Cable and AnyCable wire format, in one place: the frames the server side
 * produces, the client commands, the state keys anycable-go reserves and the publication
 * format of the broadcast adapters. Depends on nothing else of the starter.
 */
@NullMarked
package io.anycable.spring.protocol;

import org.jspecify.annotations.NullMarked;
