package io.anycable.spring.connection;

/**
 * Marks an exception caused by what a client sent (an unknown channel or action, data
 * that does not bind, a malformed request) rather than by the application.
 * <p>
 * The call is answered with status {@code ERROR} and the exception's message like any
 * other failure, but since any WebSocket client can cause one at will, it is logged as
 * one line at WARN without a stack trace, at a bounded rate. A low-level
 * {@link SocketConnection}, or a channel method that finds out the client asked for
 * something that is not there, may throw its own exceptions implementing this interface
 * to get the same treatment.
 *
 * @author AnyCable Spring Boot contributors
 */
public interface ClientMistake {

}
