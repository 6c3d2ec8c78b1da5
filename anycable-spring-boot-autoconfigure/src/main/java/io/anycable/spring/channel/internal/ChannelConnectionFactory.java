package io.anycable.spring.channel.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.anycable.spring.channel.ChannelCallScope;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableSocket;
import io.anycable.spring.connection.ConnectionOptions;
import io.anycable.spring.connection.SocketConnection;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.anycable.spring.support.CableJson;
import org.jspecify.annotations.Nullable;

/**
 * The channel framework as a {@link SocketConnectionFactory}: connections authenticate
 * through the application's {@link CableConnectionFactory} and dispatch channel commands
 * to the {@link ChannelRegistry}.
 *
 * @author AnyCable Spring Boot contributors
 */
public class ChannelConnectionFactory implements SocketConnectionFactory {

	/**
	 * How many connections' identifiers are kept parsed; the cache starts over when it is
	 * full.
	 */
	static final int IDENTIFIERS_CACHE_LIMIT = 4096;

	private final ChannelRegistry registry;

	private final CableConnectionFactory connectionFactory;

	private final CableJson json;

	private final List<ChannelCallScope> scopes;

	// every command of a connection carries the same identifiers string: read it once,
	// not per command
	private final Map<String, CableIdentifiers> identifiers = new ConcurrentHashMap<>();

	/**
	 * Create a factory.
	 * @param registry the channels
	 * @param connectionFactory the application's authentication
	 * @param json the JSON support
	 */
	public ChannelConnectionFactory(ChannelRegistry registry, CableConnectionFactory connectionFactory,
			CableJson json) {
		this(registry, connectionFactory, json, List.of());
	}

	/**
	 * Create a factory whose Command and Disconnect calls run within scopes.
	 * @param registry the channels
	 * @param connectionFactory the application's authentication
	 * @param json the JSON support
	 * @param scopes opened around every Command and Disconnect, in order
	 */
	public ChannelConnectionFactory(ChannelRegistry registry, CableConnectionFactory connectionFactory, CableJson json,
			List<ChannelCallScope> scopes) {
		this.registry = registry;
		this.connectionFactory = connectionFactory;
		this.json = json;
		this.scopes = List.copyOf(scopes);
	}

	@Override
	public SocketConnection create(CableSocket socket, ConnectionOptions options) {
		return new ChannelConnection(this.registry, this.connectionFactory, this.json, socket, options,
				this::identifiers, this.scopes);
	}

	private CableIdentifiers identifiers(@Nullable String json) {
		if (json == null || json.isEmpty()) {
			return CableIdentifiers.parse(json, this.json);
		}
		CableIdentifiers cached = this.identifiers.get(json);
		if (cached == null) {
			// failures propagate and are never kept
			cached = CableIdentifiers.parse(json, this.json);
			if (this.identifiers.size() >= IDENTIFIERS_CACHE_LIMIT) {
				this.identifiers.clear();
			}
			this.identifiers.put(json, cached);
		}
		return cached;
	}

}
