package io.anycable.spring.broadcast;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.anycable.spring.broadcast.BroadcastTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every publication sent through a transport: {@code anycable.broadcasts}, tags
 * {@code adapter} and {@code outcome} ({@code success} or {@code failure}). A publication
 * is one broadcast, one batch or one remote command, as the broker receives it.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class MeteredBroadcastTransport implements BroadcastTransport {

	/** Name of the publication timer. */
	static final String BROADCASTS = "anycable.broadcasts";

	private final BroadcastTransport transport;

	private final Timer success;

	private final Timer failure;

	/**
	 * Meter a transport.
	 * @param transport the transport that publishes
	 * @param registry where the timers are registered
	 */
	public MeteredBroadcastTransport(BroadcastTransport transport, MeterRegistry registry) {
		this.transport = transport;
		this.success = timer(registry, transport.name(), "success");
		this.failure = timer(registry, transport.name(), "failure");
	}

	private static Timer timer(MeterRegistry registry, String adapter, String outcome) {
		return Timer.builder(BROADCASTS)
			.description("Publications sent to anycable-go's broadcast adapter, by adapter and outcome")
			.tag("adapter", adapter)
			.tag("outcome", outcome)
			.register(registry);
	}

	@Override
	public String name() {
		return this.transport.name();
	}

	@Override
	public void publish(String publication) throws Exception {
		timed(() -> this.transport.publish(publication));
	}

	@Override
	public void publish(String publication, Duration timeLimit) throws Exception {
		timed(() -> this.transport.publish(publication, timeLimit));
	}

	private void timed(Send send) throws Exception {
		long start = System.nanoTime();
		boolean sent = false;
		try {
			send.run();
			sent = true;
		}
		finally {
			record(sent, start);
		}
	}

	@Override
	public CompletableFuture<Void> publishAsync(String publication) {
		return timedAsync(() -> this.transport.publishAsync(publication));
	}

	@Override
	public CompletableFuture<Void> publishAsync(String publication, Duration timeLimit) {
		return timedAsync(() -> this.transport.publishAsync(publication, timeLimit));
	}

	private CompletableFuture<Void> timedAsync(Supplier<CompletableFuture<Void>> send) {
		long start = System.nanoTime();
		return send.get().whenComplete((sent, failure) -> record(failure == null, start));
	}

	private void record(boolean sent, long start) {
		(sent ? this.success : this.failure).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
	}

	@Override
	public boolean isConnected() {
		return this.transport.isConnected();
	}

	@Override
	public void checkConnection() throws Exception {
		this.transport.checkConnection();
	}

	@Override
	public String target() {
		return this.transport.target();
	}

	@Override
	public String toString() {
		return this.transport.toString();
	}

	@FunctionalInterface
	private interface Send {

		void run() throws Exception;

	}

}
