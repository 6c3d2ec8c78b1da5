package io.anycable.spring.broadcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.anycable.spring.support.UrlCredentials;
import io.nats.client.Connection;
import io.nats.client.Connection.Status;
import io.nats.client.ConnectionListener.Events;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Publishes to a NATS subject with the official client. The connection is opened on first
 * use and then reconnects forever by itself. A call returns only once the server has the
 * publication (a flush, shared by concurrent callers); while the connection is down,
 * publishing fails at once instead of filling a reconnect buffer.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class NatsBroadcastTransport implements BroadcastTransport, AutoCloseable {

	private static final Log logger = LogFactory.getLog(NatsBroadcastTransport.class);

	private static final Duration RECONNECT_WAIT = Duration.ofSeconds(1);

	private final String subject;

	private final Duration timeout;

	private final Options options;

	private final String servers;

	private final AtomicLong published = new AtomicLong();

	private final ReentrantLock flushLock = new ReentrantLock();

	private long flushed;

	private volatile @Nullable Connection connection;

	/**
	 * Create a transport.
	 * @param servers the server URLs ({@code --nats_servers})
	 * @param subject the subject anycable-go subscribes to ({@code --nats_channel})
	 * @param timeout bounds connecting and each publication
	 */
	public NatsBroadcastTransport(List<String> servers, String subject, Duration timeout) {
		Assert.notEmpty(servers, "NATS servers must not be empty");
		Assert.hasText(subject, "NATS subject must not be empty");
		Assert.notNull(timeout, "Timeout must not be null");
		this.subject = subject;
		this.timeout = timeout;
		this.servers = String.join(",", servers.stream().map(UrlCredentials::strip).toList());
		this.options = new Options.Builder().servers(servers.toArray(String[]::new))
			.connectionName("anycable-spring-boot broadcaster")
			.connectionTimeout(timeout)
			.maxReconnects(-1)
			.reconnectWait(RECONNECT_WAIT)
			.reconnectBufferSize(0)
			.connectionListener((connection, event) -> log(event))
			.build();
	}

	@Override
	public String name() {
		return "nats";
	}

	@Override
	public void publish(String publication) throws Exception {
		publish(publication, this.timeout);
	}

	/**
	 * Publish and wait until the server confirmed it, within the limit or the timeout,
	 * whichever is shorter.
	 */
	@Override
	public void publish(String publication, Duration timeLimit) throws Exception {
		long timeout = Math.min(timeLimit.toNanos(), this.timeout.toNanos());
		if (timeout <= 0) {
			throw new TimeoutException("No time left to publish to NATS");
		}
		long deadline = System.nanoTime() + timeout;
		Connection current = connection();
		Status status = current.getStatus();
		if (status != Status.CONNECTED) {
			throw new IllegalStateException("NATS connection is " + status);
		}
		current.publish(this.subject, publication.getBytes(StandardCharsets.UTF_8));
		flush(current, this.published.incrementAndGet(), deadline);
	}

	/**
	 * Wait until the server has every publication up to the given one. One flush (a PING
	 * the server answers after reading everything before it) runs at a time and covers
	 * every publication queued before it started, so concurrent callers share round trips
	 * and never exceed the client's limit of outstanding PINGs, which would make it drop
	 * the connection.
	 */
	private void flush(Connection current, long publication, long deadline)
			throws TimeoutException, InterruptedException {
		if (!this.flushLock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
			throw new TimeoutException("NATS did not confirm earlier publications in time");
		}
		try {
			if (this.flushed >= publication) {
				return;
			}
			long covered = this.published.get();
			Duration left = Duration.ofNanos(deadline - System.nanoTime());
			if (left.isNegative() || left.isZero()) {
				throw new TimeoutException("NATS had no time left to confirm the publication");
			}
			current.flush(left);
			this.flushed = covered;
		}
		finally {
			this.flushLock.unlock();
		}
	}

	@Override
	public boolean isConnected() {
		try {
			checkConnection();
			return true;
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return false;
		}
	}

	/**
	 * Connect if needed, and check the connection is up (not reconnecting).
	 * @throws Exception why NATS cannot be reached
	 */
	@Override
	public void checkConnection() throws Exception {
		Status status = connection().getStatus();
		if (status != Status.CONNECTED) {
			throw new IllegalStateException("NATS connection is " + status);
		}
	}

	/**
	 * Return the servers, comma-separated as {@code --nats_servers} takes them, without
	 * user info or token.
	 */
	@Override
	public String target() {
		return this.servers;
	}

	private Connection connection() throws Exception {
		Connection current = this.connection;
		if (current == null || current.getStatus() == Status.CLOSED) {
			synchronized (this) {
				if (this.connection == null || this.connection.getStatus() == Status.CLOSED) {
					this.connection = Nats.connect(this.options);
				}
				current = this.connection;
			}
		}
		return current;
	}

	private static void log(Events event) {
		if (event == Events.DISCONNECTED) {
			logger.warn("AnyCable NATS broadcaster lost its connection");
		}
		else if (event == Events.RECONNECTED) {
			logger.info("AnyCable NATS broadcaster reconnected");
		}
	}

	@Override
	public void close() throws InterruptedException {
		Connection current = this.connection;
		if (current != null) {
			current.close();
		}
	}

	@Override
	public String toString() {
		return "nats '" + this.subject + "' at " + this.servers;
	}

}
