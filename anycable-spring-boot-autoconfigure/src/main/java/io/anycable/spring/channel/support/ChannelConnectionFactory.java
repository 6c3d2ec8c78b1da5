package io.anycable.spring.channel.support;

import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableSocket;
import io.anycable.spring.connection.ConnectionOptions;
import io.anycable.spring.connection.SocketConnection;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.anycable.spring.support.CableJson;

/**
 * The channel framework as a {@link SocketConnectionFactory}: connections authenticate through the
 * application's {@link CableConnectionFactory} and dispatch channel commands to the
 * {@link ChannelRegistry}.
 *
 * @author AnyCable Spring Boot contributors
 */
public class ChannelConnectionFactory implements SocketConnectionFactory {

	private final ChannelRegistry registry;

	private final CableConnectionFactory connectionFactory;

	private final CableJson json;

	/**
	 * Create a factory.
	 * @param registry the channels
	 * @param connectionFactory the application's authentication
	 * @param json the JSON support
	 */
	public ChannelConnectionFactory(ChannelRegistry registry, CableConnectionFactory connectionFactory, CableJson json) {
		this.registry = registry;
		this.connectionFactory = connectionFactory;
		this.json = json;
	}

	@Override
	public SocketConnection create(CableSocket socket, ConnectionOptions options) {
		return new ChannelConnection(this.registry, this.connectionFactory, this.json, socket, options);
	}

}
