package io.anycable.spring.boot.autoconfigure;

import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.grpc.RpcCallObserver;
import io.anycable.spring.rpc.grpc.RpcExecutor;
import io.anycable.spring.rpc.grpc.internal.AnyCableGrpcHealth;
import io.anycable.spring.rpc.grpc.internal.AnyCableGrpcServerConfigurer;
import io.anycable.spring.rpc.grpc.internal.AnyCableGrpcServiceShutdown;
import io.anycable.spring.rpc.grpc.internal.RpcClientConnections;
import io.anycable.spring.rpc.grpc.internal.RpcWorkerThreads;
import io.grpc.protobuf.services.HealthStatusManager;
import net.devh.boot.grpc.server.serverfactory.GrpcServerFactory;
import net.devh.boot.grpc.server.service.GrpcService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that serves {@code anycable.RPC} with the grpc-spring (net.devh)
 * server, when there is a server to serve it on: net.devh defines one for
 * {@code grpc.server.port} unless it is -1 (the default with the embedded server, see
 * {@link AnyCableEnvironmentPostProcessor}) and one for
 * {@code grpc.server.in-process-name}; without a server neither the worker pool nor the
 * service are created. The only class that touches net.devh, so a move to another gRPC
 * integration stays here.
 * <p>
 * Shutdown, in order: {@code grpc.health.v1} reports {@code anycable.RPC} NOT_SERVING;
 * the service drains (Connect and Command refused with UNAVAILABLE, Disconnect answered)
 * until no RPC client is connected and no call is in flight, for at most
 * {@code anycable.shutdown-grace-period}; the gRPC server stops taking calls and gives
 * those in flight {@code grpc.server.shutdown-grace-period} to complete; then the worker
 * pool closes, before the application's other beans (the broadcaster among them) are
 * destroyed.
 *
 * @author AnyCable Spring Boot contributors
 */
// after every configuration that may define the server: net.devh's and the test support's
@AutoConfiguration(after = AnyCableAutoConfiguration.class,
		afterName = { "net.devh.boot.grpc.server.autoconfigure.GrpcServerFactoryAutoConfiguration",
				"io.anycable.spring.boot.test.autoconfigure.AnyCableTestAutoConfiguration" })
@ConditionalOnAnyCableEnabled
@ConditionalOnClass(GrpcService.class)
@ConditionalOnBean({ AnyCableRpcHandler.class, GrpcServerFactory.class })
public class AnyCableGrpcServerAutoConfiguration {

	private static final Log logger = LogFactory.getLog(AnyCableGrpcServerAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RpcExecutor anyCableRpcExecutor(AnyCableProperties properties) {
		if (properties.isRpcDirectExecutor()) {
			logger.info("anycable.RPC calls run on the gRPC transport threads (anycable.rpc-direct-executor): "
					+ "a handler that blocks holds every call of its anycable-go connection");
			return RpcExecutor.direct();
		}
		return new RpcExecutor(properties.getRpcPoolSize(), properties.getRpcQueueSize(),
				RpcWorkerThreads.workerFactory(properties.isRpcVirtualThreads()));
	}

	@GrpcService
	@Bean
	@ConditionalOnMissingBean
	AnyCableGrpcService anyCableGrpcService(AnyCableRpcHandler handler, RpcExecutor executor,
			ObjectProvider<RpcCallObserver> observer, AnyCableProperties properties) {
		AnyCableGrpcService service = new AnyCableGrpcService(handler, executor,
				observer.getIfAvailable(() -> RpcCallObserver.NONE));
		service.setMaxResponseSize(Math.toIntExact(properties.getRpcMaxResponseSize().toBytes()));
		return service;
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	@ConditionalOnMissingBean(name = "anyCableGrpcServerConfigurer")
	AnyCableGrpcServerConfigurer anyCableGrpcServerConfigurer() {
		return new AnyCableGrpcServerConfigurer();
	}

	@Bean
	RpcClientConnections anyCableRpcClientConnections() {
		return new RpcClientConnections();
	}

	@Bean
	AnyCableGrpcServiceShutdown anyCableGrpcServiceShutdown(AnyCableGrpcService service, RpcExecutor executor,
			RpcClientConnections anyCableRpcClientConnections, AnyCableProperties properties) {
		return new AnyCableGrpcServiceShutdown(service, executor, anyCableRpcClientConnections,
				properties.getShutdownGracePeriod());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthStatusManager.class)
	static class HealthConfiguration {

		@Bean
		AnyCableGrpcHealth anyCableGrpcHealth(ObjectProvider<HealthStatusManager> healthStatusManager) {
			return new AnyCableGrpcHealth(healthStatusManager);
		}

	}

}
