package io.anycable.spring.rpc.grpc;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.anycable.spring.rpc.RpcMethod;
import io.anycable.spring.rpc.proto.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Records {@code anycable.RPC} calls with Micrometer:
 * <ul>
 * <li>{@code anycable.rpc.calls}: timer, tags {@code method} ({@code Connect},
 * {@code Command}, {@code Disconnect}) and {@code status}: the response status
 * ({@code SUCCESS}, {@code FAILURE}, {@code ERROR}) or, for a call that got no response,
 * the gRPC code ({@code RESOURCE_EXHAUSTED}, {@code UNAVAILABLE},
 * {@code DEADLINE_EXCEEDED}, {@code CANCELLED}, {@code INVALID_ARGUMENT},
 * {@code INTERNAL});</li>
 * <li>{@code anycable.rpc.rejected}: counter of calls refused for overload, tag
 * {@code method};</li>
 * <li>{@code anycable.rpc.inflight} and {@code anycable.rpc.queued}: gauges of the calls
 * running and waiting for a worker.</li>
 * </ul>
 * Meters are built once (the gRPC codes on first use), so recording a call allocates
 * nothing of its own.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class MicrometerRpcCallObserver implements RpcCallObserver {

	/** Name of the call timer. */
	public static final String CALLS = "anycable.rpc.calls";

	/** Name of the overload counter. */
	public static final String REJECTED = "anycable.rpc.rejected";

	/** Name of the running calls gauge. */
	public static final String INFLIGHT = "anycable.rpc.inflight";

	/** Name of the waiting calls gauge. */
	public static final String QUEUED = "anycable.rpc.queued";

	private static final RpcMethod[] METHODS = RpcMethod.values();

	private static final Status[] STATUSES = { Status.SUCCESS, Status.FAILURE, Status.ERROR };

	private static final io.grpc.Status.Code[] CODES = io.grpc.Status.Code.values();

	private final MeterRegistry registry;

	private static final int STATUS_SLOTS = Status.values().length;

	private final Timer[] answered = new Timer[METHODS.length * STATUS_SLOTS];

	private final AtomicReferenceArray<@Nullable Timer> refused = new AtomicReferenceArray<>(
			METHODS.length * CODES.length);

	private final Counter[] rejected = new Counter[METHODS.length];

	/**
	 * Register the meters.
	 * @param registry the registry
	 * @param executor the pool whose running and waiting calls the gauges report
	 */
	public MicrometerRpcCallObserver(MeterRegistry registry, RpcExecutor executor) {
		Assert.notNull(registry, "MeterRegistry must not be null");
		Assert.notNull(executor, "RpcExecutor must not be null");
		this.registry = registry;
		for (RpcMethod method : METHODS) {
			for (Status status : STATUSES) {
				this.answered[method.ordinal() * STATUS_SLOTS + status.ordinal()] = timer(method, status.name());
			}
			this.rejected[method.ordinal()] = Counter.builder(REJECTED)
				.description(
						"anycable.RPC calls refused with RESOURCE_EXHAUSTED because the pool and its queue were full")
				.tag("method", method.methodName())
				.register(registry);
		}
		Gauge.builder(INFLIGHT, executor, RpcExecutor::runningCount)
			.description("anycable.RPC calls running on a worker")
			.register(registry);
		Gauge.builder(QUEUED, executor, RpcExecutor::queuedCount)
			.description("anycable.RPC calls waiting for a worker")
			.register(registry);
	}

	@Override
	public void answered(RpcMethod method, Status status, long durationNanos) {
		this.answered[method.ordinal() * STATUS_SLOTS + status.ordinal()].record(durationNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void refused(RpcMethod method, io.grpc.Status.Code code, long durationNanos) {
		int index = method.ordinal() * CODES.length + code.ordinal();
		Timer timer = this.refused.get(index);
		if (timer == null) {
			timer = timer(method, code.name());
			this.refused.set(index, timer);
		}
		timer.record(durationNanos, TimeUnit.NANOSECONDS);
		if (code == io.grpc.Status.Code.RESOURCE_EXHAUSTED) {
			this.rejected[method.ordinal()].increment();
		}
	}

	private Timer timer(RpcMethod method, String status) {
		return Timer.builder(CALLS)
			.description("anycable.RPC calls, by method and response status or gRPC code")
			.tag("method", method.methodName())
			.tag("status", status)
			.register(this.registry);
	}

}
