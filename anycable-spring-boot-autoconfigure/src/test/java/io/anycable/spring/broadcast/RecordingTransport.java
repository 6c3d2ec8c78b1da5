package io.anycable.spring.broadcast;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records publications in memory; fails when told to. For tests of what is sent, not how.
 */
public class RecordingTransport implements BroadcastTransport {

	private final List<String> publications = new CopyOnWriteArrayList<>();

	private final List<Duration> timeLimits = new CopyOnWriteArrayList<>();

	private volatile Exception failure;

	@Override
	public String name() {
		return "recording";
	}

	@Override
	public void publish(String publication) throws Exception {
		Exception current = this.failure;
		if (current != null) {
			throw current;
		}
		this.publications.add(publication);
	}

	@Override
	public void publish(String publication, Duration timeLimit) throws Exception {
		this.timeLimits.add(timeLimit);
		publish(publication);
	}

	@Override
	public boolean isConnected() {
		return this.failure == null;
	}

	public List<String> publications() {
		return this.publications;
	}

	/**
	 * Return the time limits the broadcaster gave, one per publication sent with one.
	 * @return the limits
	 */
	public List<Duration> timeLimits() {
		return this.timeLimits;
	}

	public void failWith(Exception failure) {
		this.failure = failure;
	}

}
