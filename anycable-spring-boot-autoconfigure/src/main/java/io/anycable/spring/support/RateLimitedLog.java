package io.anycable.spring.support;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;

import org.springframework.util.Assert;

/**
 * Logs lines that any client can cause at will (a refused request, a foreign origin) at
 * WARN, at most a number of lines per window, so a hostile client cannot flood the log.
 * The first line logged after some were left out says how many; those left out are logged
 * at DEBUG. Thread-safe.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class RateLimitedLog {

	private final Log log;

	private final int limit;

	private final long windowNanos;

	private final LongSupplier nanoTime;

	private long windowStart;

	private int logged;

	private long leftOut;

	/**
	 * Create a log.
	 * @param log where lines go
	 * @param limit how many lines a window may log at WARN
	 * @param window the window
	 */
	public RateLimitedLog(Log log, int limit, Duration window) {
		this(log, limit, window, System::nanoTime);
	}

	/**
	 * Create a log with its own clock, for tests.
	 * @param log where lines go
	 * @param limit how many lines a window may log at WARN
	 * @param window the window
	 * @param nanoTime the clock, as {@link System#nanoTime()}
	 */
	public RateLimitedLog(Log log, int limit, Duration window, LongSupplier nanoTime) {
		Assert.isTrue(limit > 0, "Limit must be positive");
		Assert.isTrue(window != null && window.compareTo(Duration.ZERO) > 0, "Window must be positive");
		this.log = log;
		this.limit = limit;
		this.windowNanos = window.toNanos();
		this.nanoTime = nanoTime;
		this.windowStart = nanoTime.getAsLong();
	}

	/**
	 * Log a line at WARN, unless this window's lines are used up.
	 * @param message the line
	 */
	public void warn(String message) {
		long leftOut = admit();
		if (leftOut >= 0) {
			this.log
				.warn((leftOut > 0) ? message + " [" + leftOut + " more left out since the previous line]" : message);
		}
		else if (this.log.isDebugEnabled()) {
			this.log.debug(message);
		}
	}

	/**
	 * Return how many lines were left out since the previous one if this one may be
	 * logged, else -1.
	 */
	private synchronized long admit() {
		long now = this.nanoTime.getAsLong();
		if (now - this.windowStart >= this.windowNanos) {
			this.windowStart = now;
			this.logged = 0;
		}
		if (this.logged == this.limit) {
			this.leftOut++;
			return -1;
		}
		this.logged++;
		long leftOut = this.leftOut;
		this.leftOut = 0;
		return leftOut;
	}

}
