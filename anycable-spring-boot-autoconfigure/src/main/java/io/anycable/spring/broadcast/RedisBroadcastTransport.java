package io.anycable.spring.broadcast;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Publishes to Redis with its own Lettuce client and one shared connection (Lettuce
 * pipelines concurrent commands on it), independent of any Redis the application itself
 * uses. The connection is opened on first use, so the application starts while Redis is
 * down. Once open, Lettuce reconnects by itself; while it is down, commands fail at once
 * instead of queueing, and every command is bounded by the URI's timeout.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class RedisBroadcastTransport implements BroadcastTransport, AutoCloseable {

	private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(5);

	private final String name;

	private final String target;

	private final RedisURI uri;

	private final BiFunction<RedisAsyncCommands<String, String>, String, RedisFuture<?>> command;

	private final ClientResources resources;

	private final RedisClient client;

	private volatile @Nullable StatefulRedisConnection<String, String> connection;

	private RedisBroadcastTransport(String name, String target, RedisURI uri,
			BiFunction<RedisAsyncCommands<String, String>, String, RedisFuture<?>> command) {
		Assert.hasText(target, "Channel or stream name must not be empty");
		Assert.notNull(uri, "RedisURI must not be null");
		this.name = name;
		this.target = target;
		this.uri = uri;
		this.command = command;
		this.resources = DefaultClientResources.builder()
			.reconnectDelay(Delay.exponential(Duration.ZERO, MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
			.nettyCustomizer(new NettyCustomizer() {

				@Override
				public void afterChannelInitialized(Channel channel) {
					// publications sent while replies are read (broadcastAsync chained on
					// completions) leave in
					// one write when the read ends instead of one system call each
					channel.pipeline().addFirst(new FlushConsolidationHandler());
				}

			})
			.build();
		this.client = RedisClient.create(this.resources, uri);
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(uri.getTimeout()).build())
			.timeoutOptions(TimeoutOptions.enabled(uri.getTimeout()))
			.build());
	}

	/**
	 * Create a transport for anycable-go's {@code redis} adapter:
	 * {@code PUBLISH <channel> <publication>}.
	 * @param uri the server (plain, {@code rediss://} or {@code redis-sentinel://}); its
	 * timeout bounds connecting and every command
	 * @param channel the Pub/Sub channel anycable-go subscribes to
	 * ({@code --redis_channel})
	 * @return the transport
	 */
	public static RedisBroadcastTransport publish(RedisURI uri, String channel) {
		return new RedisBroadcastTransport("redis", channel, uri,
				(commands, publication) -> commands.publish(channel, publication));
	}

	/**
	 * Create a transport for anycable-go's {@code redisx} adapter:
	 * {@code XADD <stream> * payload <publication>}.
	 * @param uri the server (plain, {@code rediss://} or {@code redis-sentinel://}); its
	 * timeout bounds connecting and every command
	 * @param stream the Redis stream anycable-go reads ({@code --redisx_stream})
	 * @return the transport
	 */
	public static RedisBroadcastTransport addToStream(RedisURI uri, String stream) {
		return new RedisBroadcastTransport("redisx", stream, uri,
				(commands, publication) -> commands.xadd(stream, Map.of("payload", publication)));
	}

	@Override
	public String name() {
		return this.name;
	}

	/**
	 * Send the command and wait for Redis's reply, at most the URI's timeout.
	 */
	@Override
	public void publish(String publication) {
		publish(publication, this.uri.getTimeout());
	}

	/**
	 * Send the command and wait for Redis's reply, at most the limit or the URI's
	 * timeout, whichever is shorter.
	 */
	@Override
	public void publish(String publication, Duration timeLimit) {
		long timeout = Math.min(timeLimit.toNanos(), this.uri.getTimeout().toNanos());
		if (timeout <= 0) {
			// Lettuce would wait forever
			throw new RedisCommandTimeoutException("No time left to publish to Redis");
		}
		LettuceFutures.awaitOrCancel(send(publication), timeout, TimeUnit.NANOSECONDS);
	}

	/**
	 * Send the command on the shared connection and return at once. The future completes
	 * on Lettuce's event loop thread, when Redis replies or the URI's timeout passes.
	 */
	/**
	 * Send the command and return at once, as {@link #publishAsync(String)}: the caller
	 * is not held, and the URI's timeout bounds the wait for Redis.
	 */
	@Override
	public CompletableFuture<Void> publishAsync(String publication, Duration timeLimit) {
		return publishAsync(publication);
	}

	@Override
	public CompletableFuture<Void> publishAsync(String publication) {
		try {
			return send(publication).toCompletableFuture().thenApply((reply) -> null);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private RedisFuture<?> send(String publication) {
		return this.command.apply(connection().async(), publication);
	}

	/**
	 * Send a PING: the connection's own open flag trails a lost socket by a moment.
	 * @return whether Redis answered within the timeout
	 */
	@Override
	public boolean isConnected() {
		try {
			checkConnection();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Send a PING, connecting first if needed.
	 * @throws io.lettuce.core.RedisException why Redis did not answer within the timeout
	 */
	@Override
	public void checkConnection() {
		String reply = connection().sync().ping();
		if (!"PONG".equals(reply)) {
			throw new IllegalStateException("Redis answered PING with " + reply);
		}
	}

	/**
	 * Return the server as {@code anycable.redis-url} writes it (with its database),
	 * without user name and password.
	 */
	@Override
	public String target() {
		String database = (this.uri.getDatabase() != 0) ? "/" + this.uri.getDatabase() : "";
		if (this.uri.getSocket() != null) {
			return "redis-socket://" + this.uri.getSocket() + database;
		}
		if (!this.uri.getSentinels().isEmpty()) {
			StringBuilder sentinels = new StringBuilder();
			for (RedisURI sentinel : this.uri.getSentinels()) {
				sentinels.append((sentinels.length() > 0) ? "," : "").append(hostAndPort(sentinel));
			}
			return "redis-sentinel://" + sentinels + database + "#" + this.uri.getSentinelMasterId();
		}
		return (this.uri.isSsl() ? "rediss://" : "redis://") + hostAndPort(this.uri) + database;
	}

	private static String hostAndPort(RedisURI uri) {
		String host = uri.getHost();
		return ((host.indexOf(':') >= 0) ? "[" + host + "]" : host) + ":" + uri.getPort();
	}

	private StatefulRedisConnection<String, String> connection() {
		StatefulRedisConnection<String, String> current = this.connection;
		if (current == null) {
			synchronized (this) {
				if (this.connection == null) {
					this.connection = this.client.connect();
				}
				current = this.connection;
			}
		}
		return current;
	}

	@Override
	public void close() {
		StatefulRedisConnection<String, String> current = this.connection;
		if (current != null) {
			current.close();
		}
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.resources.shutdown(0, 2, TimeUnit.SECONDS);
	}

	@Override
	public String toString() {
		return this.name + " '" + this.target + "' at " + target();
	}

}
