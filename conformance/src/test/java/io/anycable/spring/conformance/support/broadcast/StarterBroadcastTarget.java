package io.anycable.spring.conformance.support.broadcast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.anycable.spring.broadcast.BroadcastOptions;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.conformance.support.AnyCableGoServer;
import io.anycable.spring.testsupport.FreePorts;
import io.anycable.spring.testsupport.Json;
import redis.embedded.RedisServer;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Publishes through the starter's own {@link CableBroadcaster} (the code under test),
 * configured with {@code anycable.broadcast-adapter}: {@code http}, {@code redis},
 * {@code redisx} (a real redis-server from embedded-redis on a free port) or {@code nats}
 * (anycable-go's embedded NATS server on a free port). Raw publications the API cannot
 * express (a non-JSON {@code data}) go through the starter's {@link BroadcastTransport}
 * bean.
 */
public final class StarterBroadcastTarget implements ConformanceBroadcastTarget {

	private final String adapter;

	private int port;

	private RedisServer redis;

	private StarterBroadcastTarget(String adapter) {
		this.adapter = adapter;
	}

	/**
	 * @return the starter's HTTP adapter
	 */
	public static StarterBroadcastTarget http() {
		return new StarterBroadcastTarget("http");
	}

	/**
	 * @return the starter's Redis Pub/Sub adapter
	 */
	public static StarterBroadcastTarget redis() {
		return new StarterBroadcastTarget("redis");
	}

	/**
	 * @return the starter's Redis Streams adapter
	 */
	public static StarterBroadcastTarget redisx() {
		return new StarterBroadcastTarget("redisx");
	}

	/**
	 * @return the starter's NATS adapter
	 */
	public static StarterBroadcastTarget nats() {
		return new StarterBroadcastTarget("nats");
	}

	@Override
	public String name() {
		return "starter " + this.adapter;
	}

	@Override
	public void start() {
		this.port = FreePorts.find();
		if (this.adapter.startsWith("redis")) {
			try {
				this.redis = RedisServer.newRedisServer()
					.port(this.port)
					.bind("127.0.0.1")
					.setting("save \"\"")
					.setting("appendonly no")
					.build();
				this.redis.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start redis-server (embedded-redis) on port " + this.port, ex);
			}
		}
	}

	private String redisUrl() {
		return "redis://127.0.0.1:" + this.port;
	}

	private String natsUrl() {
		return "nats://127.0.0.1:" + this.port;
	}

	@Override
	public List<String> anycableGoFlags() {
		List<String> flags = new ArrayList<>();
		flags.add("--broadcast_adapter=" + this.adapter);
		switch (this.adapter) {
			case "http" -> flags.add("--http_broadcast_port=" + this.port);
			case "redis", "redisx" -> flags.add("--redis_url=" + redisUrl());
			case "nats" -> {
				flags.add("--embed_nats");
				flags.add("--enats_addr=" + natsUrl());
				flags.add("--nats_servers=" + natsUrl());
			}
			default -> throw new IllegalStateException(this.adapter);
		}
		return flags;
	}

	@Override
	public List<String> applicationProperties() {
		List<String> properties = new ArrayList<>();
		properties.add("anycable.broadcast-adapter=" + this.adapter);
		switch (this.adapter) {
			case "http" -> properties.add("anycable.http-broadcast-url=http://127.0.0.1:" + this.port + "/_broadcast");
			case "redis", "redisx" -> properties.add("anycable.redis-url=" + redisUrl());
			case "nats" -> properties.add("anycable.nats-servers=" + natsUrl());
			default -> throw new IllegalStateException(this.adapter);
		}
		return properties;
	}

	@Override
	public BroadcastPublisher publisher(AnyCableGoServer server, ConfigurableApplicationContext context) {
		CableBroadcaster broadcaster = context.getBean(CableBroadcaster.class);
		BroadcastTransport transport = context.getBean(BroadcastTransport.class);
		String name = name();
		return new BroadcastPublisher() {

			@Override
			public String transport() {
				return name;
			}

			@Override
			public void publish(String publicationJson) {
				try {
					transport.publish(publicationJson);
				}
				catch (Exception ex) {
					throw new AssertionError(name + " could not publish " + publicationJson + ": " + ex, ex);
				}
			}

			@Override
			public void broadcast(String stream, String data) {
				if (isJson(data)) {
					broadcaster.broadcast(stream, Json.parse(data));
				}
				else {
					BroadcastPublisher.super.broadcast(stream, data);
				}
			}

			@Override
			public void broadcastToOthers(String stream, String data, String excludeSid) {
				broadcaster.broadcast(stream, Json.parse(data), BroadcastOptions.defaults().excludeSocket(excludeSid));
			}

			@Override
			public void broadcastBatch(List<Map.Entry<String, String>> messages) {
				broadcaster.batch(() -> messages
					.forEach((message) -> broadcaster.broadcast(message.getKey(), Json.parse(message.getValue()))));
			}

			@Override
			public void remoteDisconnect(String identifiers, boolean reconnect) {
				broadcaster.disconnect(identifiers, reconnect);
			}

		};
	}

	private static boolean isJson(String data) {
		try {
			Json.parse(data);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		if (this.redis != null) {
			try {
				this.redis.stop();
			}
			catch (IOException ex) {
				// best effort
			}
		}
	}

}
