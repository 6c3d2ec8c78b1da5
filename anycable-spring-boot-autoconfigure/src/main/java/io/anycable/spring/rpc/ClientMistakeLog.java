package io.anycable.spring.rpc;

import java.time.Duration;

import org.apache.commons.logging.Log;

/**
 * Logs {@link io.anycable.spring.connection.ClientMistake client mistakes}: one WARN line
 * each, at most {@code limit} per window, since any WebSocket client can cause them at
 * will. The next line after a window in which some were left out says how many; all of
 * them are logged at DEBUG.
 */
final class ClientMistakeLog {

	private final Log log;

	private final int limit;

	private final long windowNanos;

	private final String windowText;

	private long windowStart;

	private int logged;

	private int suppressed;

	ClientMistakeLog(Log log, int limit, Duration window) {
		this.log = log;
		this.limit = limit;
		this.windowNanos = window.toNanos();
		this.windowText = (window.toMillis() % 1000 == 0) ? window.toSeconds() + " s" : window.toMillis() + " ms";
		this.windowStart = System.nanoTime() - this.windowNanos;
	}

	void warn(String message) {
		int left;
		boolean write;
		synchronized (this) {
			long now = System.nanoTime();
			left = 0;
			if (now - this.windowStart >= this.windowNanos) {
				left = this.suppressed;
				this.windowStart = now;
				this.logged = 0;
				this.suppressed = 0;
			}
			write = this.logged < this.limit;
			if (write) {
				this.logged++;
			}
			else {
				this.suppressed++;
			}
		}
		if (left > 0) {
			this.log.warn(left + " more refused request(s) were not logged (at most " + this.limit + " per "
					+ this.windowText + "; DEBUG logs them all)");
		}
		if (write) {
			this.log.warn(message);
		}
		else if (this.log.isDebugEnabled()) {
			this.log.debug(message);
		}
	}

}
