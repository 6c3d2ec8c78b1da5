package io.anycable.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import io.anycable.spring.rpc.AnyCableGrpcService;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.RpcCallObserver;
import io.anycable.spring.rpc.RpcExecutor;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import net.devh.boot.grpc.server.event.GrpcServerShutdownEvent;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import net.devh.boot.grpc.server.service.GrpcService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.system.JavaVersion;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that serves
 * {@code anycable.RPC} with the grpc-spring (net.devh) server. The only class that touches net.devh, so a
 * move to another gRPC integration stays here.
 * <p>
 * Shutdown, in order: {@code grpc.health.v1} reports {@code anycable.RPC} NOT_SERVING; the service drains for
 * {@code anycable.shutdown-grace-period} (Connect and Command refused with UNAVAILABLE, Disconnect answered);
 * the gRPC server stops taking calls and gives those in flight {@code grpc.server.shutdown-grace-period} to
 * complete; then the worker pool closes, before the application's other beans (the broadcaster among them) are
 * destroyed.
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration(after = AnyCableAutoConfiguration.class)
@ConditionalOnClass(GrpcService.class)
@ConditionalOnBean(AnyCableRpcHandler.class)
public class AnyCableGrpcServerAutoConfiguration {

	/** Name under which the RPC service reports its health. */
	public static final String HEALTH_SERVICE_NAME = RPCGrpc.SERVICE_NAME;

	private static final String WORKER_NAME_PREFIX = "anycable-rpc-";

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
				workerFactory(properties.isRpcVirtualThreads()));
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
	AnyCableGrpcServiceShutdown anyCableGrpcServiceShutdown(AnyCableGrpcService service, RpcExecutor executor,
			AnyCableProperties properties) {
		return new AnyCableGrpcServiceShutdown(service, executor, properties.getShutdownGracePeriod());
	}

	static ThreadFactory workerFactory(boolean virtualThreads) {
		if (virtualThreads) {
			if (JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE)) {
				return new VirtualThreadTaskExecutor(WORKER_NAME_PREFIX).getVirtualThreadFactory();
			}
			logger.warn("anycable.rpc-virtual-threads is set but Java " + JavaVersion.getJavaVersion()
					+ " has no virtual threads: RPC workers are platform threads");
		}
		return daemonThreads(WORKER_NAME_PREFIX);
	}

	private static ThreadFactory daemonThreads(String namePrefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(namePrefix);
		factory.setDaemon(true);
		return factory;
	}

	/**
	 * Hands {@code anycable.RPC} calls from the transport thread straight to the service, which admits them to
	 * the {@link RpcExecutor}: one thread hop per call instead of two through grpc-java's default executor (two
	 * to three times the calls per second in-process, up to twice over loopback, measured on 2 cores). Calls of
	 * every other service (health, reflection, the application's own) still run on a cached pool like
	 * grpc-java's default, so a blocking service never holds a transport thread. Applied first, so that an
	 * application's own {@link GrpcServerConfigurer} can override it; to keep a server executor of your own for
	 * all services, define a bean named {@code anyCableGrpcServerConfigurer}.
	 */
	static final class AnyCableGrpcServerConfigurer implements GrpcServerConfigurer, DisposableBean {

		private final ExecutorService otherServices = Executors.newCachedThreadPool(daemonThreads("grpc-executor-"));

		@Override
		public void accept(ServerBuilder<?> builder) {
			builder.directExecutor().callExecutor(new ServerCallExecutorSupplier() {

				@Override
				public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata metadata) {
					boolean anycable = RPCGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName());
					return anycable ? null : AnyCableGrpcServerConfigurer.this.otherServices;
				}

			});
		}

		@Override
		public void destroy() {
			this.otherServices.shutdown();
		}

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
	 * Ruby server, which registers it next to the overall "" service), and NOT_SERVING from the moment the gRPC
	 * server starts shutting down, before anything else happens.
	 */
	static final class AnyCableGrpcHealth
			implements SmartLifecycle, ApplicationListener<GrpcServerShutdownEvent>, Ordered {

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
		public void onApplicationEvent(GrpcServerShutdownEvent event) {
			stop();
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

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	/**
	 * Drains the service when the first gRPC server starts shutting down, before it stops taking calls: net.devh
	 * publishes the event and only then shuts the server down, so Disconnect calls keep arriving for the grace
	 * period. Closes the workers once the gRPC servers have stopped (a lifecycle phase just after theirs), so no
	 * handler runs when the rest of the application, its broadcaster included, shuts down.
	 */
	static final class AnyCableGrpcServiceShutdown
			implements ApplicationListener<GrpcServerShutdownEvent>, SmartLifecycle, Ordered {

		private final AnyCableGrpcService service;

		private final RpcExecutor executor;

		private final Duration gracePeriod;

		private final AtomicBoolean drained = new AtomicBoolean();

		private volatile boolean running;

		AnyCableGrpcServiceShutdown(AnyCableGrpcService service, RpcExecutor executor, Duration gracePeriod) {
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
			// net.devh's GrpcServerLifecycle stops at Integer.MAX_VALUE, the highest phase, so first
			return Integer.MAX_VALUE - 1;
		}

	}

}
