package io.anycable.spring.connection;

import org.jspecify.annotations.Nullable;

/**
 * One client connection as seen by one RPC call. A new instance is created for every call
 * (see {@link SocketConnectionFactory}); nothing survives between calls except the
 * identifiers, the connection state and the channel states, which travel through
 * anycable-go.
 * <p>
 * The RPC handler frames the protocol messages itself: the {@code welcome} on an accepted
 * Connect, the {@code disconnect} frame on a rejected one, and
 * {@code confirm_subscription} / {@code reject_subscription} after a subscribe command. A
 * connection only transmits its own frames. An exception thrown from any method answers
 * the call with status {@code ERROR} and the exception's message.
 *
 * @author AnyCable Spring Boot contributors
 */
public interface SocketConnection {

	/**
	 * Authenticate a new client (Connect). Call {@link CableSocket#close()} to reject it.
	 */
	void handleOpen();

	/**
	 * Clean up after the client went away (Disconnect): the options carry the identifiers
	 * and every subscription the client had; their channel states are readable from the
	 * socket.
	 */
	void handleClose();

	/**
	 * Handle a channel command.
	 * @param identifier the channel identifier exactly as the client sent it (a JSON
	 * object string)
	 * @param command {@code subscribe}, {@code unsubscribe} or {@code message}
	 * @param data for {@code message}, the client's data (a JSON object string);
	 * otherwise {@code null}
	 * @return {@code true} on success (subscription confirmed, action performed),
	 * {@code false} when the command was refused (subscription rejected)
	 */
	boolean handleChannelCommand(String identifier, String command, @Nullable String data);

	/**
	 * Return the identifiers of this connection as a JSON string, stored by anycable-go
	 * after an accepted Connect and sent back on every later call. anycable-go compares
	 * it byte for byte for remote disconnects, so it must be produced the same way every
	 * time.
	 * @return the identifiers, or {@code null} when there are none
	 */
	@Nullable String identifiersJson();

}
