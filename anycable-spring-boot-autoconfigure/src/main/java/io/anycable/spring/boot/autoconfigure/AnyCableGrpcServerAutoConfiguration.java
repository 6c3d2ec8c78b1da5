package io.anycable.spring.boot.autoconfigure;

import io.anycable.spring.rpc.AnyCableGrpcService;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import net.devh.boot.grpc.server.service.GrpcService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that serves
 * {@code anycable.RPC} with the grpc-spring (net.devh) server. The only class that touches net.devh, so a
 * move to another gRPC integration stays here.
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration(after = AnyCableAutoConfiguration.class)
@ConditionalOnClass(GrpcService.class)
@ConditionalOnBean(AnyCableRpcHandler.class)
public class AnyCableGrpcServerAutoConfiguration {

	/** Name under which the RPC service reports its health. */
	public static final String HEALTH_SERVICE_NAME = RPCGrpc.SERVICE_NAME;

	@GrpcService
	@Bean
	@ConditionalOnMissingBean
	AnyCableGrpcService anyCableGrpcService(AnyCableRpcHandler handler) {
		return new AnyCableGrpcService(handler);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthStatusManager.class)
	static class HealthConfiguration {

		@Bean
		AnyCableGrpcHealth anyCableGrpcHealth(ObjectProvider<HealthStatusManager> healthStatusManager) {
			return new AnyCableGrpcHealth(healthStatusManager);
		}

	}

	/**
	 * Reports {@code anycable.RPC} through {@code grpc.health.v1} as SERVING while the context runs (like the
	 * Ruby server, which registers it next to the overall "" service).
	 */
	static final class AnyCableGrpcHealth implements SmartLifecycle {

		private final ObjectProvider<HealthStatusManager> healthStatusManager;

		private volatile boolean running;

		AnyCableGrpcHealth(ObjectProvider<HealthStatusManager> healthStatusManager) {
			this.healthStatusManager = healthStatusManager;
		}

		@Override
		public void start() {
			this.healthStatusManager
				.ifAvailable((manager) -> manager.setStatus(HEALTH_SERVICE_NAME, ServingStatus.SERVING));
			this.running = true;
		}

		@Override
		public void stop() {
			this.healthStatusManager
				.ifAvailable((manager) -> manager.setStatus(HEALTH_SERVICE_NAME, ServingStatus.NOT_SERVING));
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
