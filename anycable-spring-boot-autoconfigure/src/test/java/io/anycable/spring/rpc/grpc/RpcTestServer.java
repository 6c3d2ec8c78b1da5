package io.anycable.spring.rpc.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.anycable.spring.rpc.GatedConnectionFactory;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.testsupport.FreePorts;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.fail;

/**
 * A whole application with the auto-configured gRPC server, answered by a
 * {@link GatedConnectionFactory}, and a channel to it: in-process, or over loopback TCP.
 */
final class RpcTestServer implements AutoCloseable {

	final ConfigurableApplicationContext context;

	final ManagedChannel channel;

	final GatedConnectionFactory factory;

	final RpcExecutor executor;

	final MeterRegistry registry;

	private RpcTestServer(ConfigurableApplicationContext context, ManagedChannel channel) {
		this.context = context;
		this.channel = channel;
		this.factory = context.getBean(GatedConnectionFactory.class);
		this.executor = context.getBean(RpcExecutor.class);
		this.registry = context.getBean(MeterRegistry.class);
	}

	static RpcTestServer inProcess(String... properties) {
		String name = InProcessServerBuilder.generateName();
		ConfigurableApplicationContext context = run(properties, "--grpc.server.in-process-name=" + name,
				"--grpc.server.port=-1");
		return new RpcTestServer(context, InProcessChannelBuilder.forName(name).build());
	}

	static RpcTestServer loopback(String... properties) {
		int port = FreePorts.find();
		ConfigurableApplicationContext context = run(properties, "--anycable.rpc-host=127.0.0.1:" + port);
		return new RpcTestServer(context, NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
	}

	private static ConfigurableApplicationContext run(String[] properties, String... more) {
		List<String> args = new ArrayList<>();
		for (String property : properties) {
			args.add("--" + property);
		}
		args.addAll(List.of(more));
		SpringApplication application = new SpringApplication(Config.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args.toArray(new String[0]));
	}

	RPCGrpc.RPCFutureStub futureStub(String sid) {
		return RPCGrpc.newFutureStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(AnyCableGrpcServiceTests.metadata(sid, "v1")));
	}

	RPCGrpc.RPCBlockingStub blockingStub(String sid) {
		return RPCGrpc.newBlockingStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(AnyCableGrpcServiceTests.metadata(sid, "v1")))
			.withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	double calls(String method, String status) {
		io.micrometer.core.instrument.Timer timer = this.registry.find(MicrometerRpcCallObserver.CALLS)
			.tag("method", method)
			.tag("status", status)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	static void awaitUntil(BooleanSupplier condition, String what) {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				fail("Not within 10 s: " + what);
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				fail("Interrupted waiting for " + what);
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.factory.open();
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.context.close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		GatedConnectionFactory gatedConnectionFactory() {
			return new GatedConnectionFactory();
		}

	}

}
