package io.anycable.spring.broadcast;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.anycable.spring.testsupport.FreePorts;
import io.lettuce.core.RedisURI;
import redis.embedded.RedisServer;

/**
 * A real redis-server (the binary shipped by embedded-redis) on a free loopback port,
 * which can be stopped and started again on the same port to simulate an outage.
 */
public final class TestRedisServer implements AutoCloseable {

	private final int port;

	private final RedisServer server;

	private TestRedisServer(int port) throws IOException {
		this.port = port;
		this.server = RedisServer.newRedisServer()
			.port(port)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
	}

	/**
	 * Start a server on a free port.
	 * @return the running server
	 */
	public static TestRedisServer start() {
		try {
			TestRedisServer redis = new TestRedisServer(FreePorts.find());
			redis.server.start();
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	public RedisURI uri() {
		return RedisURI.create(url());
	}

	public void stop() throws IOException {
		this.server.stop();
	}

	public void restart() throws IOException {
		this.server.start();
	}

	@Override
	public void close() throws IOException {
		if (this.server.isActive()) {
			this.server.stop();
		}
	}

}
