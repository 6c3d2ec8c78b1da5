package io.anycable.spring.connection.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anycable.spring.connection.SocketConnection;
import io.anycable.spring.protocol.CableCommand;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SocketConnection} that takes a message's data as the tree the RPC handler
 * already read while it validated the request, so the text is parsed once per Command,
 * and whose identifiers are already in canonical form, so Connect does not read them
 * again. The channel framework implements it; other connections get the text through the
 * public contract.
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

	/**
	 * Return the identifiers of an accepted connection, already in the canonical form of
	 * {@code CableIdentifiers}.
	 * @return the identifiers JSON, or {@code null} for none
	 */
	@Nullable String canonicalIdentifiersJson();

}
