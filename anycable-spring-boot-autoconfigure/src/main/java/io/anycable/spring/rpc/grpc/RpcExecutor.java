package io.anycable.spring.rpc.grpc;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The bounded pool {@code anycable.RPC} calls run on: a fixed number of workers and a
 * bounded queue of calls waiting for one. A call that finds both full is refused at once,
 * before any of its work is done, so the caller can retry it safely (anycable-go retries
 * {@code RESOURCE_EXHAUSTED} after 10, 20, 40... ms).
 * <p>
 * A call holds its place from admission until its answer is ready, so the bound is on
 * calls the callers are waiting for. With the defaults (like the Ruby server's pool of 30
 * and 20 waiting requests) one anycable-go, which never has more than
 * {@code --rpc_concurrency} (28) calls unanswered, is never refused; several anycable-go
 * instances, or a higher {@code --rpc_concurrency}, can be.
 * <p>
 * {@link #direct()} makes an executor without workers that runs each call on the thread
 * that admits it (the gRPC transport thread), like grpc-java's {@code directExecutor()}:
 * no thread hop and less CPU per call, but a handler that blocks holds every call of its
 * connection (anycable-go has one).
 *
 * @author AnyCable Spring Boot contributors
 */
public final class RpcExecutor implements AutoCloseable {

	private static final long IDLE_WORKER_TIMEOUT_SECONDS = 60;

	private static final long INTERRUPTED_WORKER_WAIT_SECONDS = 1;

	private final @Nullable ThreadPoolExecutor executor;

	private final int poolSize;

	private final int queueCapacity;

	private final AtomicInteger admitted = new AtomicInteger();

	private final AtomicInteger running = new AtomicInteger();

	/**
	 * Create a pool.
	 * @param poolSize the number of calls that run at once
	 * @param queueCapacity the number of calls that may wait for a worker, 0 for none
	 * @param threadFactory creates the workers (platform or virtual threads); idle
	 * workers end after a minute
	 */
	public RpcExecutor(int poolSize, int queueCapacity, ThreadFactory threadFactory) {
		Assert.isTrue(poolSize > 0, "Pool size must be positive");
		Assert.isTrue(queueCapacity >= 0, "Queue capacity must not be negative");
		Assert.notNull(threadFactory, "ThreadFactory must not be null");
		// admission is bounded by tryExecute; the queue itself never refuses
		this.executor = new ThreadPoolExecutor(poolSize, poolSize, IDLE_WORKER_TIMEOUT_SECONDS, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), threadFactory);
		this.executor.allowCoreThreadTimeOut(true);
		this.poolSize = poolSize;
		this.queueCapacity = queueCapacity;
	}

	private RpcExecutor() {
		this.executor = null;
		this.poolSize = 0;
		this.queueCapacity = 0;
	}

	/**
	 * Create an executor that runs each call at once on the thread that admits it and
	 * never refuses one: for applications whose connection factory and channels never
	 * block (no database or remote call, broadcasts with {@code broadcastAsync}). Its
	 * {@link #poolSize()} is 0.
	 * @return the executor
	 */
	public static RpcExecutor direct() {
		return new RpcExecutor();
	}

	/**
	 * Admit a call and run it on a worker as soon as one is free (or at once on this
	 * thread, for {@link #direct()}). The call must invoke {@link #answered()} once, when
	 * its answer is ready and before sending it: the slot is then free for the caller's
	 * next call, however late the worker gets back to the pool.
	 * @param call the call
	 * @return {@code false} if the call was refused: as many calls admitted and
	 * unanswered as there are workers and queue places, or the pool closed
	 */
	public boolean tryExecute(Runnable call) {
		if (this.executor == null) {
			this.admitted.incrementAndGet();
			this.running.incrementAndGet();
			call.run();
			return true;
		}
		if (this.admitted.incrementAndGet() > this.poolSize + this.queueCapacity) {
			this.admitted.decrementAndGet();
			return false;
		}
		try {
			this.executor.execute(() -> {
				this.running.incrementAndGet();
				call.run();
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			this.admitted.decrementAndGet();
			return false;
		}
	}

	/**
	 * Free the slot of the call running on this worker: called once by every call
	 * admitted by {@link #tryExecute(Runnable)}, when its answer is ready.
	 */
	public void answered() {
		this.running.decrementAndGet();
		this.admitted.decrementAndGet();
	}

	/**
	 * Return the number of calls that run at once at most.
	 * @return the pool size, 0 for {@link #direct()}
	 */
	public int poolSize() {
		return this.poolSize;
	}

	/**
	 * Return the number of calls that may wait for a worker.
	 * @return the queue capacity
	 */
	public int queueCapacity() {
		return this.queueCapacity;
	}

	/**
	 * Return the number of calls running now.
	 * @return the number of calls on a worker and not yet answered
	 */
	public int runningCount() {
		return this.running.get();
	}

	/**
	 * Return the number of calls waiting for a worker now.
	 * @return the number of calls admitted and not yet started
	 */
	public int queuedCount() {
		return Math.max(0, this.admitted.get() - this.running.get());
	}

	/**
	 * Whether every worker and queue place is taken, so the next call would be refused.
	 * @return {@code true} when saturated
	 */
	public boolean isSaturated() {
		return this.executor != null && this.admitted.get() >= this.poolSize + this.queueCapacity;
	}

	/**
	 * Stop the workers. Meant to run after the gRPC server has drained (its own shutdown
	 * grace period has passed): calls still waiting are dropped and handlers still
	 * running are interrupted, since their callers have been cut off.
	 */
	@Override
	public void close() {
		if (this.executor == null) {
			return;
		}
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(INTERRUPTED_WORKER_WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
