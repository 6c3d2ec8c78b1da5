package io.anycable.spring.embedded;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The frames waiting to be written to one client, written in order by one task at a time
 * on a shared executor (anycable-go's per-session writer). Producers (the session's own
 * commands, pings, broadcasts and whispers of other sessions) only enqueue, so a client
 * that stops reading never blocks them; it is closed once its backlog or a single write
 * exceeds the limits.
 * <p>
 * Spring's {@code ConcurrentWebSocketSessionDecorator} is not used on purpose: it writes
 * on the producer's thread, so a fan-out that is first to reach a stuck client would wait
 * for it, and its limits are checked only by a second, concurrent producer.
 */
final class SessionOutbox {

	/**
	 * Close status of a client that reads too slowly (anycable-go closes such a client
	 * with 1000).
	 */
	static final CloseStatus TOO_SLOW = new CloseStatus(CloseStatus.NORMAL.getCode(), "Too slow");

	private static final Log logger = LogFactory.getLog(SessionOutbox.class);

	private final WebSocketSession socket;

	private final Executor executor;

	private final long bufferSizeLimit;

	private final long sendTimeLimitNanos;

	private final Runnable onAbort;

	// a String is a frame, a CloseStatus closes the socket after the frames before it
	private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong bufferSize = new AtomicLong();

	private final AtomicBoolean draining = new AtomicBoolean();

	private volatile long sendStartTime;

	private volatile boolean closing;

	/**
	 * Create an outbox.
	 * @param socket the client's socket
	 * @param executor the executor that writes
	 * @param bufferSizeLimit how many characters may wait
	 * @param sendTimeLimitNanos how long one write may take
	 * @param onAbort what to do when the client is dropped as too slow: the container
	 * reports the close only once the stuck write gives up
	 */
	SessionOutbox(WebSocketSession socket, Executor executor, long bufferSizeLimit, long sendTimeLimitNanos,
			Runnable onAbort) {
		this.socket = socket;
		this.executor = executor;
		this.bufferSizeLimit = bufferSizeLimit;
		this.sendTimeLimitNanos = sendTimeLimitNanos;
		this.onAbort = onAbort;
	}

	/**
	 * Enqueue a frame; dropped once the outbox is closing.
	 * @param frame the frame
	 */
	void send(String frame) {
		if (this.closing) {
			return;
		}
		this.queue.add(frame);
		long size = this.bufferSize.addAndGet(frame.length());
		long started = this.sendStartTime;
		if (size > this.bufferSizeLimit || (started != 0 && System.nanoTime() - started > this.sendTimeLimitNanos)) {
			abort(TOO_SLOW, "Closing " + this.socket.getId() + ": it reads too slowly (" + size + " chars pending)");
			return;
		}
		schedule();
	}

	/**
	 * Close the socket once the frames enqueued so far are written; later frames are
	 * dropped.
	 * @param status the close status
	 */
	void close(CloseStatus status) {
		if (this.closing) {
			return;
		}
		this.closing = true;
		this.queue.add(status);
		schedule();
	}

	/**
	 * Return whether the outbox is closing (or closed): frames are no longer accepted.
	 * @return {@code true} once closing
	 */
	boolean isClosing() {
		return this.closing;
	}

	private void schedule() {
		if (this.draining.compareAndSet(false, true)) {
			try {
				this.executor.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				// the server is shutting down: the container closes the socket
				this.draining.set(false);
			}
		}
	}

	private void drain() {
		try {
			Object item;
			while ((item = this.queue.poll()) != null) {
				if (item instanceof CloseStatus status) {
					this.queue.clear();
					closeSocket(status);
					return;
				}
				String frame = (String) item;
				this.bufferSize.addAndGet(-frame.length());
				if (this.socket.isOpen()) {
					this.sendStartTime = System.nanoTime();
					this.socket.sendMessage(new TextMessage(frame));
					this.sendStartTime = 0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			this.closing = true;
			this.queue.clear();
			logger.debug("Cannot write to " + this.socket.getId() + ": " + ex);
			closeSocket(CloseStatus.SESSION_NOT_RELIABLE);
		}
		finally {
			this.sendStartTime = 0;
			this.draining.set(false);
		}
		if (!this.queue.isEmpty()) {
			schedule();
		}
	}

	private void abort(CloseStatus status, String reason) {
		this.closing = true;
		this.queue.clear();
		this.bufferSize.set(0);
		logger.info(reason);
		// on another thread: the producer may hold another session's lock, and the close
		// waits for a stuck write
		Runnable abort = () -> {
			this.onAbort.run();
			closeSocket(status);
		};
		try {
			this.executor.execute(abort);
		}
		catch (RejectedExecutionException ex) {
			abort.run();
		}
	}

	private void closeSocket(CloseStatus status) {
		try {
			this.socket.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Cannot close " + this.socket.getId() + ": " + ex);
		}
	}

}
