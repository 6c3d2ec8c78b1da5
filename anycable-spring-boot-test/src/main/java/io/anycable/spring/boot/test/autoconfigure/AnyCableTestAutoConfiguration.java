package io.anycable.spring.boot.test.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.anycable.spring.boot.autoconfigure.AnyCableBroadcastAutoConfiguration;
import io.anycable.spring.boot.autoconfigure.ConditionalOnAnyCableEnabled;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.jwt.CableJwtIssuer;
import io.anycable.spring.support.CableJson;
import io.anycable.spring.test.CableTester;
import io.anycable.spring.test.BroadcastRecorder;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import net.devh.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import net.devh.boot.grpc.server.autoconfigure.GrpcServerFactoryAutoConfiguration;
import net.devh.boot.grpc.server.config.GrpcServerProperties;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import net.devh.boot.grpc.server.serverfactory.GrpcServerLifecycle;
import net.devh.boot.grpc.server.serverfactory.InProcessGrpcServerFactory;
import net.devh.boot.grpc.server.service.GrpcServiceDiscoverer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for AnyCable tests: the RPC server runs in-process under a name
 * unique to the context (no port is opened, and cached contexts never collide), a
 * {@link CableTester} talks to it, and the application's broadcaster publishes to a
 * {@link BroadcastRecorder} instead of a broker unless
 * {@code anycable.test.record-broadcasts=false}. Imported by
 * {@link AutoConfigureCableTester}; the only class of this module that touches
 * grpc-spring (net.devh).
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration(after = GrpcServerAutoConfiguration.class,
		before = { GrpcServerFactoryAutoConfiguration.class, AnyCableBroadcastAutoConfiguration.class })
@ConditionalOnAnyCableEnabled
public class AnyCableTestAutoConfiguration {

	private final String serverName = InProcessServerBuilder.generateName();

	@Bean
	InProcessGrpcServerFactory anyCableTestGrpcServerFactory(GrpcServerProperties properties,
			GrpcServiceDiscoverer serviceDiscoverer, List<GrpcServerConfigurer> configurers) {
		InProcessGrpcServerFactory factory = new InProcessGrpcServerFactory(this.serverName, properties, configurers);
		serviceDiscoverer.findGrpcServices().forEach(factory::addService);
		return factory;
	}

	@Bean
	GrpcServerLifecycle anyCableTestGrpcServerLifecycle(InProcessGrpcServerFactory factory,
			ApplicationEventPublisher eventPublisher) {
		return new GrpcServerLifecycle(factory, Duration.ZERO, eventPublisher);
	}

	@Bean(destroyMethod = "shutdownNow")
	ManagedChannel anyCableTestChannel() {
		return InProcessChannelBuilder.forName(this.serverName).directExecutor().build();
	}

	/**
	 * Closes the test channel first thing when the context closes, as anycable-go closes
	 * its connection when it shuts down: the RPC server's shutdown drain, which lasts
	 * while a client is connected, then ends at once.
	 */
	@Bean
	ApplicationListener<ContextClosedEvent> anyCableTestChannelShutdown(ManagedChannel anyCableTestChannel,
			ApplicationContext context) {
		return (event) -> {
			// a child context's event reaches its parent's listeners too
			if (event.getApplicationContext() == context) {
				anyCableTestChannel.shutdownNow();
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	CableTester cableTester(ManagedChannel anyCableTestChannel, CableJson cableJson,
			ObjectProvider<CableJwtIssuer> jwtIssuer) {
		return new CableTester(anyCableTestChannel, cableJson, jwtIssuer.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean(BroadcastTransport.class)
	@ConditionalOnBooleanProperty(name = "anycable.test.record-broadcasts", matchIfMissing = true)
	BroadcastRecorder broadcastRecorder(CableJson cableJson) {
		return new BroadcastRecorder(cableJson);
	}

}
