package io.anycable.spring.rpc.grpc.internal;

import java.time.Duration;
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
 * Disconnect calls keep arriving for the grace period. Closes the workers once the gRPC
 * servers have stopped (a lifecycle phase just after theirs), so no handler runs when the
 * rest of the application, its broadcaster included, shuts down.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class AnyCableGrpcServiceShutdown
		implements ApplicationListener<GrpcServerShutdownEvent>, SmartLifecycle, Ordered {

	private static final Log logger = LogFactory.getLog(AnyCableGrpcServiceShutdown.class);

	private final AnyCableGrpcService service;

	private final RpcExecutor executor;

	private final Duration gracePeriod;

	private final AtomicBoolean drained = new AtomicBoolean();

	private volatile boolean running;

	/**
	 * Create the shutdown sequence.
	 * @param service the service to drain
	 * @param executor the workers to close last
	 * @param gracePeriod how long Disconnect is still answered while Connect and Command
	 * are refused
	 */
	public AnyCableGrpcServiceShutdown(AnyCableGrpcService service, RpcExecutor executor, Duration gracePeriod) {
		this.service = service;
		this.executor = executor;
		this.gracePeriod = gracePeriod;
	}

	@Override
	public void onApplicationEvent(GrpcServerShutdownEvent event) {
		if (!this.drained.compareAndSet(false, true)) {
			return;
		}
		this.service.drain();
		if (this.gracePeriod.isZero() || this.gracePeriod.isNegative()) {
			return;
		}
		logger.info("Draining anycable.RPC for " + this.gracePeriod
				+ ": Disconnect still answered, Connect and Command refused with UNAVAILABLE");
		try {
			Thread.sleep(this.gracePeriod.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
