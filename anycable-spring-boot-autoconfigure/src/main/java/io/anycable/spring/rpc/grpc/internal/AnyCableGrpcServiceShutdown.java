package io.anycable.spring.rpc.grpc.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.grpc.RpcExecutor;
import net.devh.boot.grpc.server.event.GrpcServerShutdownEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;

/**
 * Drains the service when the first gRPC server starts shutting down, before it stops
 * taking calls: net.devh publishes the event and only then shuts the server down, so
 * Disconnect calls keep being answered while Connect and Command are refused. The drain
 * lasts until no RPC client is connected and no call is in flight, at most the grace
 * period: an anycable-go that shuts down at the same time sends a Disconnect per session
 * and then closes its connection, so the drain ends as soon as it is done, and without
 * any client connected it ends at once. Closes the workers once the gRPC servers have
 * stopped (a lifecycle phase just after theirs), so no handler runs when the rest of the
 * application, its broadcaster included, shuts down.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class AnyCableGrpcServiceShutdown
		implements ApplicationListener<GrpcServerShutdownEvent>, SmartLifecycle, Ordered {

	private static final Log logger = LogFactory.getLog(AnyCableGrpcServiceShutdown.class);

	private static final long IDLE_POLL_MILLIS = 10;

	private final AnyCableGrpcService service;

	private final RpcExecutor executor;

	private final RpcClientConnections connections;

	private final Duration gracePeriod;

	private final AtomicBoolean drained = new AtomicBoolean();

	private volatile boolean running;

	/**
	 * Create the shutdown sequence.
	 * @param service the service to drain
	 * @param executor the workers to close last, whose calls the drain waits for
	 * @param connections the RPC client connections the drain waits for
	 * @param gracePeriod how long Disconnect is still answered, at most, while Connect
	 * and Command are refused
	 */
	public AnyCableGrpcServiceShutdown(AnyCableGrpcService service, RpcExecutor executor,
			RpcClientConnections connections, Duration gracePeriod) {
		this.service = service;
		this.executor = executor;
		this.connections = connections;
		this.gracePeriod = gracePeriod;
	}

	@Override
	public void onApplicationEvent(GrpcServerShutdownEvent event) {
		if (!this.drained.compareAndSet(false, true)) {
			return;
		}
		this.service.drain();
		if (this.gracePeriod.isZero() || this.gracePeriod.isNegative()) {
			logger.info("anycable.RPC not drained: anycable.shutdown-grace-period is " + this.gracePeriod.toMillis()
					+ " ms, so Disconnect calls go unanswered from now on");
			return;
		}
		long start = System.nanoTime();
		String reason = awaitIdle(start + this.gracePeriod.toNanos());
		logger.info("anycable.RPC drain ended after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
				+ " ms: " + reason);
	}

	// polled rather than signalled: calls end on the workers and connections on the
	// transports, and a few milliseconds do not matter at shutdown
	private String awaitIdle(long deadline) {
		boolean idleAtStart = isIdle();
		while (!isIdle()) {
			if (System.nanoTime() - deadline >= 0) {
				return "anycable.shutdown-grace-period (" + this.gracePeriod.toMillis() + " ms) passed with "
						+ this.connections.open() + " RPC client connection(s) open and "
						+ (this.executor.runningCount() + this.executor.queuedCount())
						+ " call(s) in flight; Connect and Command were refused with UNAVAILABLE meanwhile";
			}
			try {
				Thread.sleep(IDLE_POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "interrupted";
			}
		}
		return idleAtStart ? "no RPC client was connected"
				: "the RPC clients disconnected and no call is in flight, Disconnect was answered until then";
	}

	private boolean isIdle() {
		return this.connections.open() == 0 && this.executor.runningCount() + this.executor.queuedCount() == 0;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.executor.close();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// net.devh's GrpcServerLifecycle stops at Integer.MAX_VALUE, the highest phase,
		// so first
		return Integer.MAX_VALUE - 1;
	}

}
