package io.anycable.spring.boot.actuate.health;

import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.grpc.RpcExecutor;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of the {@code anycable.RPC} server: UP while it takes calls, OUT_OF_SERVICE once
 * it drains for shutdown. A saturated pool stays UP (anycable-go retries refused calls,
 * and taking the instance out of rotation would move its load elsewhere and back), with
 * the pool's numbers in the details to spot it.
 *
 * @author AnyCable Spring Boot contributors
 */
public class AnyCableRpcHealthIndicator extends AbstractHealthIndicator {

	private final AnyCableGrpcService service;

	private final RpcExecutor executor;

	/**
	 * Create the indicator.
	 * @param service the RPC service, draining or serving
	 * @param executor its pool, whose saturation is reported
	 */
	public AnyCableRpcHealthIndicator(AnyCableGrpcService service, RpcExecutor executor) {
		super("anycable.RPC health check failed");
		this.service = service;
		this.executor = executor;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.service.isDraining()) {
			builder.outOfService();
		}
		else {
			builder.up();
		}
		builder.withDetail("poolSize", this.executor.poolSize())
			.withDetail("queueSize", this.executor.queueCapacity())
			.withDetail("running", this.executor.runningCount())
			.withDetail("queued", this.executor.queuedCount())
			.withDetail("saturated", this.executor.isSaturated());
	}

}
