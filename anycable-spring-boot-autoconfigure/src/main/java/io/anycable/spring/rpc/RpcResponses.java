package io.anycable.spring.rpc;

import com.google.protobuf.Message;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.Status;

/**
 * The {@code ERROR} answers of the three methods, built in one place for the handler and
 * every transport.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class RpcResponses {

	private RpcResponses() {
	}

	/**
	 * Build the {@code ERROR} response of a method: anycable-go logs {@code error_msg}
	 * and tells the client nothing.
	 * @param <R> the response type of the method
	 * @param method the method
	 * @param message the error message
	 * @return the response
	 */
	@SuppressWarnings("unchecked")
	public static <R extends Message> R error(RpcMethod method, String message) {
		return (R) switch (method) {
			case CONNECT -> ConnectionResponse.newBuilder().setStatus(Status.ERROR).setErrorMsg(message).build();
			case COMMAND -> CommandResponse.newBuilder().setStatus(Status.ERROR).setErrorMsg(message).build();
			case DISCONNECT -> DisconnectResponse.newBuilder().setStatus(Status.ERROR).setErrorMsg(message).build();
		};
	}

}
