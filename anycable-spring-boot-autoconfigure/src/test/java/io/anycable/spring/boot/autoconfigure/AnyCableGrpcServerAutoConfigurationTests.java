package io.anycable.spring.boot.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.boot.actuate.health.AnyCableRpcHealthIndicator;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.grpc.RpcCallObserver;
import io.anycable.spring.rpc.grpc.RpcExecutor;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.devh.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import net.devh.boot.grpc.server.autoconfigure.GrpcServerFactoryAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class AnyCableGrpcServerAutoConfigurationTests {

	private final ApplicationContextRunner withoutGrpcServer = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AnyCableAutoConfiguration.class,
				AnyCableGrpcServerAutoConfiguration.class, AnyCableMetricsAutoConfiguration.class,
				AnyCableHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class))
		.withPropertyValues("anycable.broadcast-adapter=http");

	// net.devh's in-process server: a gRPC server without a port
	private final ApplicationContextRunner runner = this.withoutGrpcServer
		.withConfiguration(
				AutoConfigurations.of(GrpcServerAutoConfiguration.class, GrpcServerFactoryAutoConfiguration.class))
		.withPropertyValues("grpc.server.port=-1",
				"grpc.server.in-process-name=" + InProcessServerBuilder.generateName());

	@Test
	void withoutAGrpcServerNeitherTheServiceNorItsWorkersNorItsHealthAreCreated() {
		this.withoutGrpcServer.run((context) -> {
			assertThat(context).hasSingleBean(AnyCableRpcHandler.class);
			assertThat(context).doesNotHaveBean(RpcExecutor.class);
			assertThat(context).doesNotHaveBean(AnyCableGrpcService.class);
			assertThat(context).doesNotHaveBean("anyCableGrpcServiceShutdown");
			assertThat(context).doesNotHaveBean("anyCableGrpcHealth");
			assertThat(context).doesNotHaveBean("anycableHealthContributor");
		});
	}

	@Test
	void poolAndQueueSizesComeFromProperties() {
		this.runner.withPropertyValues("anycable.rpc-pool-size=5", "anycable.rpc-queue-size=0").run((context) -> {
			RpcExecutor executor = context.getBean(RpcExecutor.class);
			assertThat(executor.poolSize()).isEqualTo(5);
			assertThat(executor.queueCapacity()).isZero();
		});
	}

	@Test
	void defaultsLeaveRoomForOneAnycableGoAtItsDefaultConcurrency() {
		this.runner.run((context) -> {
			RpcExecutor executor = context.getBean(RpcExecutor.class);
			assertThat(executor.poolSize()).isEqualTo(30);
			assertThat(executor.queueCapacity()).isEqualTo(20);
		});
	}

	@Test
	void directExecutorRunsCallsWithoutWorkers() {
		this.runner.withPropertyValues("anycable.rpc-direct-executor=true").run((context) -> {
			RpcExecutor executor = context.getBean(RpcExecutor.class);
			assertThat(executor.poolSize()).isZero();
			Thread[] ranOn = new Thread[1];
			assertThat(executor.tryExecute(() -> {
				ranOn[0] = Thread.currentThread();
				executor.answered();
			})).isTrue();
			assertThat(ranOn[0]).isSameAs(Thread.currentThread());
		});
	}

	@Test
	void virtualThreadsAreUsedFromJava21AndFallBackToPlatformThreadsBefore() {
		this.runner.withPropertyValues("anycable.rpc-virtual-threads=true").run((context) -> {
			RpcExecutor executor = context.getBean(RpcExecutor.class);
			CompletableFuture<Thread> worker = new CompletableFuture<>();
			assertThat(executor.tryExecute(() -> {
				executor.answered();
				worker.complete(Thread.currentThread());
			})).isTrue();
			Thread thread = worker.get(10, TimeUnit.SECONDS);
			assertThat(thread.getName()).startsWith("anycable-rpc-");
			boolean virtual = (Runtime.version().feature() >= 21)
					&& (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
			assertThat(virtual).isEqualTo(Runtime.version().feature() >= 21);
			assertThat(thread.isDaemon()).isTrue();
		});
	}

	@Test
	void metricsNeedAMeterRegistry() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(RpcCallObserver.class));
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(RpcCallObserver.class));
	}

	@Test
	void healthContributorCanBeTurnedOff() {
		this.runner.run((context) -> assertThat(context).hasBean("anycableHealthContributor"));
		this.runner.withPropertyValues("management.health.anycable.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("anycableHealthContributor"));
	}

	@Test
	void drainingMakesTheRpcHealthOutOfService() {
		this.runner.run((context) -> {
			AnyCableRpcHealthIndicator health = new AnyCableRpcHealthIndicator(
					context.getBean(AnyCableGrpcService.class), context.getBean(RpcExecutor.class));
			assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
			context.getBean(AnyCableGrpcService.class).drain();
			assertThat(health.health().getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");
		});
	}

}
