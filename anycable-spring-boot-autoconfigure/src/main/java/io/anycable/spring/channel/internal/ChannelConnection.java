package io.anycable.spring.channel.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.anycable.spring.channel.ChannelCallScope;
import io.anycable.spring.channel.ChannelInvocationException;
import io.anycable.spring.channel.InvalidChannelRequestException;
import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableSocket;
import io.anycable.spring.connection.CableState;
import io.anycable.spring.connection.ConnectionOptions;
import io.anycable.spring.connection.internal.ParsedDataConnection;
import io.anycable.spring.protocol.CableCommand;
import io.anycable.spring.protocol.CableFrames;
import io.anycable.spring.protocol.JsonStrings;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

/**
 * One call of the channel framework.
 */
final class ChannelConnection implements ParsedDataConnection {

	private final ChannelRegistry registry;

	private final CableConnectionFactory connectionFactory;

	private final CableJson json;

	private final CableSocket socket;

	private final ConnectionOptions options;

	private final Function<@Nullable String, CableIdentifiers> identifiersReader;

	private final List<ChannelCallScope> scopes;

	private @Nullable CableIdentifiers identifiers;

	ChannelConnection(ChannelRegistry registry, CableConnectionFactory connectionFactory, CableJson json,
			CableSocket socket, ConnectionOptions options,
			Function<@Nullable String, CableIdentifiers> identifiersReader, List<ChannelCallScope> scopes) {
		this.registry = registry;
		this.connectionFactory = connectionFactory;
		this.json = json;
		this.socket = socket;
		this.options = options;
		this.identifiersReader = identifiersReader;
		this.scopes = scopes;
	}

	@Override
	public void handleOpen() {
		CableConnection decision = this.connectionFactory.connect(this.socket.request());
		if (decision == null) {
			throw new IllegalStateException(this.connectionFactory.getClass().getName()
					+ " returned null: return CableConnection.reject() to refuse a client");
		}
		if (!decision.isAccepted()) {
			// the handler adds no unauthorized frame after a disconnect frame of ours
			this.socket.transmit(CableFrames.disconnect(Objects.requireNonNull(decision.rejectionReason()), false));
			this.socket.close();
			return;
		}
		this.identifiers = decision.identifiers();
		CableState state = this.socket.connectionState();
		decision.state().forEach((key, value) -> state.put(key, this.json.write(value)));
	}

	@Override
	public boolean handleChannelCommand(String identifier, String command, @Nullable String data) {
		CableCommand parsed = CableCommand.fromWireName(command);
		if (parsed == null || !parsed.isRpcCommand()) {
			throw new IllegalArgumentException("Unknown command '" + command + "'");
		}
		return handleParsedChannelCommand(identifier, parsed,
				(parsed == CableCommand.MESSAGE) ? this.json.readObject(data, "message data") : null);
	}

	@Override
	public boolean handleParsedChannelCommand(String identifier, CableCommand command,
			@Nullable ObjectNode parsedData) {
		if (this.scopes.isEmpty()) {
			return dispatch(identifier, command, parsedData);
		}
		List<ChannelCallScope.Scope> opened = openScopes();
		try {
			return dispatch(identifier, command, parsedData);
		}
		finally {
			closeScopes(opened);
		}
	}

	private boolean dispatch(String identifier, CableCommand command, @Nullable ObjectNode parsedData) {
		ObjectNode parsed = this.json.readSharedObject(identifier, "channel identifier");
		ChannelDefinition channel = channel(parsed, identifier);
		DefaultChannelHandle handle = new DefaultChannelHandle(identifier, parsed, channel.name(), this.socket,
				identifiers(), this.json);
		switch (command) {
			case SUBSCRIBE -> {
				channel.subscribe(handle);
				return !handle.isRejected();
			}
			case UNSUBSCRIBE -> channel.unsubscribe(handle);
			case MESSAGE -> channel.perform(handle, Objects.requireNonNull(parsedData, "A message has data"));
			default -> throw new IllegalArgumentException("Unknown command '" + command.wireName() + "'");
		}
		return true;
	}

	@Override
	public void handleClose() {
		List<ChannelCallScope.Scope> opened = openScopes();
		try {
			close();
		}
		finally {
			closeScopes(opened);
		}
	}

	private List<ChannelCallScope.Scope> openScopes() {
		if (this.scopes.isEmpty()) {
			return List.of();
		}
		List<ChannelCallScope.Scope> opened = new ArrayList<>(this.scopes.size());
		try {
			for (ChannelCallScope scope : this.scopes) {
				opened.add(scope.open(identifiers(), this.socket.connectionState(), this.socket.request()));
			}
		}
		catch (RuntimeException ex) {
			closeScopes(opened);
			throw ex;
		}
		return opened;
	}

	private static void closeScopes(List<ChannelCallScope.Scope> opened) {
		for (int i = opened.size() - 1; i >= 0; i--) {
			opened.get(i).close();
		}
	}

	private void close() {
		List<RuntimeException> failures = new ArrayList<>();
		for (String identifier : this.options.subscriptions()) {
			try {
				ObjectNode parsed = this.json.readSharedObject(identifier, "channel identifier");
				ChannelDefinition channel = channel(parsed, identifier);
				channel.unsubscribe(new DefaultChannelHandle(identifier, parsed, channel.name(), this.socket,
						identifiers(), this.json));
			}
			catch (RuntimeException ex) {
				// one failing channel must not keep the others (and the connection) from
				// cleaning up; the
				// handler logs them all once, as causes of the failure thrown below
				failures.add(ex);
			}
		}
		try {
			this.connectionFactory.disconnect(identifiers(), this.socket.request());
		}
		catch (RuntimeException ex) {
			failures.add(ex);
		}
		if (!failures.isEmpty()) {
			ChannelInvocationException failure = new ChannelInvocationException(
					failures.size() + " disconnect callback(s) failed; first: " + failures.get(0).getMessage(),
					failures.get(0));
			failures.stream().skip(1).forEach(failure::addSuppressed);
			throw failure;
		}
	}

	@Override
	public @Nullable String identifiersJson() {
		return (this.identifiers != null) ? this.identifiers.json() : this.options.identifiers();
	}

	@Override
	public @Nullable String canonicalIdentifiersJson() {
		// accepted through CableIdentifiers, which writes nothing but the canonical form
		return identifiersJson();
	}

	private CableIdentifiers identifiers() {
		if (this.identifiers == null) {
			this.identifiers = this.identifiersReader.apply(this.options.identifiers());
		}
		return this.identifiers;
	}

	private ChannelDefinition channel(ObjectNode identifier, String raw) {
		JsonNode name = identifier.get("channel");
		if (name == null || !name.isTextual()) {
			throw new InvalidChannelRequestException(
					"Channel identifier " + JsonStrings.quote(raw) + " has no \"channel\" name", null);
		}
		ChannelDefinition channel = this.registry.find(name.textValue());
		if (channel == null) {
			throw new InvalidChannelRequestException("Unknown channel " + JsonStrings.quote(name.textValue())
					+ " (channels: " + this.registry.channelNames() + ")", null);
		}
		return channel;
	}

}
