package io.anycable.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.channel.internal.ChannelConnectionFactory;
import io.anycable.spring.channel.internal.ChannelRegistry;
import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.RpcMetadata;
import io.anycable.spring.rpc.RpcRequests;
import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.grpc.RpcCallObserver;
import io.anycable.spring.rpc.grpc.RpcExecutor;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.support.CableJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.devh.boot.grpc.server.service.GrpcService;
import io.grpc.inprocess.InProcessServerBuilder;
import net.devh.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import net.devh.boot.grpc.server.autoconfigure.GrpcServerFactoryAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

class AnyCableAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AnyCableAutoConfiguration.class,
				AnyCableGrpcServerAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcServerFactoryAutoConfiguration.class))
		.withPropertyValues("grpc.server.port=-1",
				"grpc.server.in-process-name=" + InProcessServerBuilder.generateName());

	@Test
	void providesTheRpcHandlerGrpcServiceAndChannelFrameworkByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(AnyCableRpcHandler.class);
			assertThat(context).hasSingleBean(AnyCableGrpcService.class);
			assertThat(context).hasSingleBean(ChannelRegistry.class);
			assertThat(context.getBean(SocketConnectionFactory.class)).isInstanceOf(ChannelConnectionFactory.class);
			assertThat(context.getBeanNamesForAnnotation(GrpcService.class)).containsExactly("anyCableGrpcService");
		});
	}

	@Test
	void failedSubscriptionsAreRejectedUnlessTurnedOff() {
		CommandMessage subscribe = RpcRequests.subscribe("{\"channel\":\"Nope\"}", "");
		this.runner.run((context) -> assertThat(
				context.getBean(AnyCableRpcHandler.class).command(subscribe, RpcMetadata.NONE).getStatus())
			.isEqualTo(Status.FAILURE));
		this.runner.withPropertyValues("anycable.reject-failed-subscriptions=false")
			.run((context) -> assertThat(
					context.getBean(AnyCableRpcHandler.class).command(subscribe, RpcMetadata.NONE).getStatus())
				.isEqualTo(Status.ERROR));
	}

	@Test
	void cableJsonUsesTheApplicationObjectMapper() {
		ObjectMapper mapper = new ObjectMapper();
		this.runner.withBean(ObjectMapper.class, () -> mapper)
			.run((context) -> assertThat(context.getBean(CableJson.class).mapper()).isSameAs(mapper));
	}

	@Test
	void cableJsonFallsBackToAMapperWithTheRegisteredModules() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AnyCableAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ObjectMapper.class);
				assertThat(context.getBean(CableJson.class).write(Duration.ofSeconds(3))).isEqualTo("3.000000000");
			});
	}

	@Test
	void defaultConnectionFactoryAcceptsEveryoneAnonymously() {
		this.runner.run((context) -> {
			CableConnection connection = context.getBean(CableConnectionFactory.class)
				.connect(CableRequest.of("http://x/cable", null));
			assertThat(connection.isAccepted()).isTrue();
			assertThat(connection.identifiers().json()).isEqualTo("{}");
		});
	}

	@Test
	void backsOffForAUserCableConnectionFactory() {
		CableConnectionFactory mine = (request) -> CableConnection.reject();
		this.runner.withBean(CableConnectionFactory.class, () -> mine)
			.run((context) -> assertThat(context.getBean(CableConnectionFactory.class)).isSameAs(mine));
	}

	@Test
	void aUserSocketConnectionFactoryReplacesTheChannelFramework() {
		SocketConnectionFactory mine = (socket, options) -> null;
		this.runner.withBean(SocketConnectionFactory.class, () -> mine).run((context) -> {
			assertThat(context).doesNotHaveBean(ChannelRegistry.class);
			assertThat(context).doesNotHaveBean(CableConnectionFactory.class);
			assertThat(context.getBean(SocketConnectionFactory.class)).isSameAs(mine);
			assertThat(context).hasSingleBean(AnyCableRpcHandler.class);
		});
	}

	@Test
	void backsOffForAUserRpcHandlerAndGrpcService() {
		AnyCableRpcHandler handler = new AnyCableRpcHandler((socket, options) -> null,
				new CableJson(new ObjectMapper()));
		AnyCableGrpcService service = new AnyCableGrpcService(handler,
				new RpcExecutor(1, 0, Executors.defaultThreadFactory()), RpcCallObserver.NONE);
		this.runner.withBean("myHandler", AnyCableRpcHandler.class, () -> handler)
			.withBean("myService", AnyCableGrpcService.class, () -> service)
			.run((context) -> {
				assertThat(context.getBean(AnyCableRpcHandler.class)).isSameAs(handler);
				assertThat(context.getBean(AnyCableGrpcService.class)).isSameAs(service);
			});
	}

	@Test
	void disabledWithAnycableEnabledFalse() {
		this.runner.withPropertyValues("anycable.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AnyCableRpcHandler.class);
			assertThat(context).doesNotHaveBean(AnyCableGrpcService.class);
			assertThat(context).doesNotHaveBean(ChannelRegistry.class);
		});
	}

	@Test
	void everyAutoConfigurationHonoursAnycableEnabled() {
		List<String> ours = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("io.anycable."))
			.toList();
		assertThat(ours).hasSize(9)
			.allSatisfy((name) -> assertThat(MergedAnnotations.from(ClassUtils.resolveClassName(name, null))
				.isPresent(ConditionalOnAnyCableEnabled.class)).as(name).isTrue());
	}

	@Test
	void disabledStarterAddsNothingAroundTheApplicationsOwnBeans() {
		AnyCableRpcHandler handler = new AnyCableRpcHandler((socket, options) -> null,
				new CableJson(new ObjectMapper()));
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
						.getCandidates()
						.stream()
						.filter((name) -> name.startsWith("io.anycable."))
						.map((name) -> ClassUtils.resolveClassName(name, null))
						.toArray(Class<?>[]::new)))
			.withBean(AnyCableRpcHandler.class, () -> handler)
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("anycable.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeanNamesForType(Object.class)).filteredOn((name) -> {
					Class<?> type = context.getType(name);
					return type != null && type.getName().startsWith("io.anycable.")
							&& !type.equals(AnyCableRpcHandler.class);
				}).isEmpty();
			});
	}

	@Test
	void grpcServiceBacksOffWithoutGrpcSpring() {
		this.runner.withClassLoader(new FilteredClassLoader(GrpcService.class)).run((context) -> {
			assertThat(context).hasSingleBean(AnyCableRpcHandler.class);
			assertThat(context).doesNotHaveBean(AnyCableGrpcService.class);
		});
	}

	@Test
	void bindsPropertiesInKebabAndRubyStyle() {
		this.runner.withPropertyValues("anycable.rpc_host=0.0.0.0:50052", "anycable.secret=s3Krit").run((context) -> {
			AnyCableProperties properties = context.getBean(AnyCableProperties.class);
			assertThat(properties.getRpcHost()).isEqualTo("0.0.0.0:50052");
			assertThat(properties.getSecret()).isEqualTo("s3Krit");
		});
	}

}
