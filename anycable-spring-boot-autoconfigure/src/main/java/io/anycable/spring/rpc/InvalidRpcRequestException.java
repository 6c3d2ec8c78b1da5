package io.anycable.spring.rpc;

import io.anycable.spring.connection.ClientMistake;

/**
 * Thrown when an RPC request breaks the protocol (unknown command, malformed identifier
 * or data, missing env, unsupported protocol version). Answered with status {@code ERROR}
 * and the message.
 *
 * @author AnyCable Spring Boot contributors
 */
public class InvalidRpcRequestException extends RuntimeException implements ClientMistake {

	/**
	 * Create an exception.
	 * @param message what is wrong with the request
	 */
	public InvalidRpcRequestException(String message) {
		super(message);
	}

	/**
	 * Create an exception.
	 * @param message what is wrong with the request
	 * @param cause the cause
	 */
	public InvalidRpcRequestException(String message, Throwable cause) {
		super(message, cause);
	}

}
