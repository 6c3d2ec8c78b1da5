package io.anycable.spring.rpc.grpc.internal;

import io.anycable.spring.rpc.proto.RPCGrpc;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import net.devh.boot.grpc.server.event.GrpcServerShutdownEvent;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;

/**
 * Reports {@code anycable.RPC} through {@code grpc.health.v1} as SERVING while the
 * context runs (like the Ruby server, which registers it next to the overall "" service),
 * and NOT_SERVING from the moment the gRPC server starts shutting down, before anything
 * else happens.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class AnyCableGrpcHealth implements SmartLifecycle, ApplicationListener<GrpcServerShutdownEvent>, Ordered {

	/** Name under which the RPC service reports its health. */
	public static final String SERVICE_NAME = RPCGrpc.SERVICE_NAME;

	private final ObjectProvider<HealthStatusManager> healthStatusManager;

	private volatile boolean running;

	/**
	 * Create the health reporter.
	 * @param healthStatusManager grpc-java's health service, when the server has one
	 */
	public AnyCableGrpcHealth(ObjectProvider<HealthStatusManager> healthStatusManager) {
		this.healthStatusManager = healthStatusManager;
	}

	@Override
	public void start() {
		this.healthStatusManager.ifAvailable((manager) -> manager.setStatus(SERVICE_NAME, ServingStatus.SERVING));
		this.running = true;
	}

	@Override
	public void onApplicationEvent(GrpcServerShutdownEvent event) {
		stop();
	}

	@Override
	public void stop() {
		this.healthStatusManager.ifAvailable((manager) -> manager.setStatus(SERVICE_NAME, ServingStatus.NOT_SERVING));
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
