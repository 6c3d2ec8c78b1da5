package io.anycable.spring.connection.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anycable.spring.connection.SocketConnection;
import io.anycable.spring.protocol.CableCommand;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SocketConnection} that takes a message's data as the tree the RPC handler
 * already read while it validated the request, so the text is parsed once per Command.
 * The channel framework implements it; other connections get the text through the public
 * contract.
 *
 * @author AnyCable Spring Boot contributors
 */
public interface ParsedDataConnection extends SocketConnection {

	/**
	 * Handle a channel command whose data the caller has already read.
	 * @param identifier the channel identifier exactly as the client sent it (a JSON
	 * object string)
	 * @param command subscribe, unsubscribe or message
	 * @param parsedData for {@code message}, the client's data as a JSON object that
	 * belongs to this call (the connection may modify it); otherwise {@code null}
	 * @return {@code true} on success, {@code false} when the command was refused
	 */
	boolean handleParsedChannelCommand(String identifier, CableCommand command, @Nullable ObjectNode parsedData);

}
