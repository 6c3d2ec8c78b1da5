package io.anycable.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.anycable.spring.broadcast.BroadcastOptions;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.broadcast.DefaultCableBroadcaster;
import io.anycable.spring.broadcast.HttpBroadcastTransport;
import io.anycable.spring.broadcast.NatsBroadcastTransport;
import io.anycable.spring.broadcast.RecordingTransport;
import io.anycable.spring.broadcast.RedisBroadcastTransport;
import io.anycable.spring.broadcast.RequestHeaderSocketIdResolver;
import io.anycable.spring.broadcast.SocketIdResolver;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AnyCableBroadcastAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class AnyCableBroadcastAutoConfigurationTests {

	private static final String BROADCAST_KEY = "a239a7ca182c90fc32bdedf73703d271388cf433843affffd3a5e757041fc716";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		// like SpringApplication, so relaxed names reach the conditions
		.withInitializer((context) -> ConfigurationPropertySources.attach(context.getEnvironment()))
		.withConfiguration(
				AutoConfigurations.of(AnyCableAutoConfiguration.class, AnyCableBroadcastAutoConfiguration.class))
		.withBean(SocketConnectionFactory.class, () -> (socket, options) -> {
			throw new UnsupportedOperationException();
		});

	@Test
	void publishesToRedisByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(CableBroadcaster.class).hasSingleBean(RedisBroadcastTransport.class);
			assertThat(context.getBean(DefaultCableBroadcaster.class).getTransport().name()).isEqualTo("redis");
		});
	}

	@ParameterizedTest
	@CsvSource({ "anycable.broadcast-adapter, redisx, redisx", "anycable.broadcast_adapter, nats, nats",
			"anycable.broadcastAdapter, HTTP, http", "anycable.broadcast-adapter, redis, redis" })
	void selectsTheAdapterByProperty(String property, String value, String adapter) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasSingleBean(BroadcastTransport.class);
			assertThat(context.getBean(BroadcastTransport.class).name()).isEqualTo(adapter);
		});
	}

	@Test
	void selectsTheAdapterByEnvironmentVariable() {
		this.runner
			.withInitializer(
					(context) -> context.getEnvironment()
						.getPropertySources()
						.addFirst(new SystemEnvironmentPropertySource(
								StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								Map.of("ANYCABLE_BROADCAST_ADAPTER", "nats", "ANYCABLE_NATS_CHANNEL", "custom"))))
			.run((context) -> {
				assertThat(context).hasSingleBean(NatsBroadcastTransport.class);
				assertThat(context.getBean(NatsBroadcastTransport.class).toString()).startsWith("nats 'custom'");
			});
	}

	@Test
	void applicationBroadcasterWins() {
		CableBroadcaster own = new CableBroadcaster() {

			@Override
			public void broadcast(String stream, Object payload, BroadcastOptions options) {
			}

			@Override
			public void disconnect(String identifiersJson, boolean reconnect) {
			}

		};
		this.runner.withBean(CableBroadcaster.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(CableBroadcaster.class).doesNotHaveBean(BroadcastTransport.class);
			assertThat(context.getBean(CableBroadcaster.class)).isSameAs(own);
		});
	}

	@Test
	void applicationTransportIsUsed() {
		RecordingTransport own = new RecordingTransport();
		this.runner.withBean(BroadcastTransport.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(BroadcastTransport.class).doesNotHaveBean(RedisBroadcastTransport.class);
			context.getBean(CableBroadcaster.class).broadcast("a", 1);
			assertThat(own.publications()).containsExactly("{\"stream\":\"a\",\"data\":\"1\"}");
		});
	}

	@Test
	void backsOffWhenAnyCableIsDisabled() {
		this.runner.withPropertyValues("anycable.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CableBroadcaster.class)
				.doesNotHaveBean(BroadcastTransport.class));
	}

	@Test
	void unknownAdapterFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("anycable.broadcast-adapter=kafka").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("kafka");
			// the first bean to need the properties wraps the BindException
			assertThat(context.getStartupFailure()).hasStackTraceContaining(
					BindException.class.getName() + ": Failed to bind properties under 'anycable.broadcast-adapter'");
		});
	}

	@Test
	void adapterWithoutItsClientLibraryFailsStartupNamingTheLibrary() {
		this.runner.withClassLoader(new FilteredClassLoader(Nats.class))
			.withPropertyValues("anycable.broadcast-adapter=nats")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(MissingBroadcastAdapterException.class)
					.hasMessage("anycable.broadcast-adapter is nats, which needs io.nats:jnats on the classpath");
				FailureAnalysis analysis = new MissingBroadcastAdapterFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).startsWith("Add io.nats:jnats to the application's dependencies");
			});
		this.runner.withClassLoader(new FilteredClassLoader(RedisClient.class))
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("needs io.lettuce:lettuce-core"));
	}

	@Test
	void invalidRedisUrlFailsStartup() {
		this.runner.withPropertyValues("anycable.redis-url=localhost:6379")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Invalid anycable.redis-url: Scheme localhost not supported"));
	}

	@Test
	void invalidTimeoutFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("anycable.redis-timeout=soon")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Failed to bind properties under 'anycable.redis-timeout'"));
	}

	@Test
	void redisUrlAcceptsTlsAndSentinelWithTheConfiguredTimeout() {
		AnyCableProperties properties = new AnyCableProperties();
		properties.setRedisTimeout(Duration.ofMillis(750));
		properties.setRedisUrl("rediss://:pa55@redis.example.com:6380/2?timeout=60s");
		RedisURI tls = AnyCableBroadcastAutoConfiguration.RedisConfiguration.redisUri(properties);
		assertThat(tls.isSsl()).isTrue();
		assertThat(tls.getPort()).isEqualTo(6380);
		assertThat(tls.getDatabase()).isEqualTo(2);
		assertThat(tls.getTimeout()).isEqualTo(Duration.ofMillis(750));
		assertThat(tls.toString()).doesNotContain("pa55");

		properties.setRedisUrl("redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/0#mymaster");
		RedisURI sentinel = AnyCableBroadcastAutoConfiguration.RedisConfiguration.redisUri(properties);
		assertThat(sentinel.getSentinelMasterId()).isEqualTo("mymaster");
		assertThat(sentinel.getSentinels()).extracting(RedisURI::getHost).containsExactly("10.0.0.1", "10.0.0.2");
		assertThat(sentinel.getTimeout()).isEqualTo(Duration.ofMillis(750));
	}

	@Test
	void httpAdapterUsesTheMainPortAndTheDerivedKeyWhenASecretIsSet() {
		this.runner.withPropertyValues("anycable.broadcast-adapter=http", "anycable.secret=s3Krit")
			.run((context) -> assertThat(context.getBean(HttpBroadcastTransport.class).getUrl())
				.isEqualTo(URI.create("http://localhost:8080/_broadcast")));
		this.runner.withPropertyValues("anycable.broadcast-adapter=http")
			.run((context) -> assertThat(context.getBean(HttpBroadcastTransport.class).getUrl())
				.isEqualTo(URI.create("http://localhost:8090/_broadcast")));
	}

	@Test
	void httpAdapterSendsTheDerivedKeyAndNeverLogsIt(CapturedOutput output) throws IOException {
		List<String> authorizations = new CopyOnWriteArrayList<>();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/_broadcast", (exchange) -> {
			authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(201, -1);
			exchange.close();
		});
		server.start();
		try {
			this.runner
				.withPropertyValues("anycable.broadcast-adapter=http", "anycable.secret=s3Krit",
						"anycable.http-broadcast-url=http://127.0.0.1:" + server.getAddress().getPort() + "/_broadcast")
				.run((context) -> {
					context.getBean(CableBroadcaster.class).broadcast("a", 1);
					assertThat(context.getBean(AnyCableProperties.class).toString()).doesNotContain("s3Krit");
				});
		}
		finally {
			server.stop(0);
		}
		assertThat(authorizations).containsExactly("Bearer " + BROADCAST_KEY);
		assertThat(output).contains("AnyCable broadcasts go to http")
			.doesNotContain(BROADCAST_KEY)
			.doesNotContain("s3Krit");
	}

	@Test
	void explicitBroadcastKeyNoneSendsNoAuthorization() {
		this.runner
			.withPropertyValues("anycable.broadcast-adapter=http", "anycable.secret=s3Krit",
					"anycable.broadcast-key=none")
			.run((context) -> assertThat(context.getBean(HttpBroadcastTransport.class).getUrl().getPort())
				.isEqualTo(8090));
	}

	@Test
	void redisPasswordIsNotLogged(CapturedOutput output) {
		this.runner.withPropertyValues("anycable.redis-url=redis://:pa55w0rd@127.0.0.1:6379")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("AnyCable broadcasts go to redis '__anycable__'").doesNotContain("pa55w0rd");
	}

	@Test
	void servletApplicationsResolveTheSocketIdFromTheRequestHeader() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(AnyCableAutoConfiguration.class, AnyCableBroadcastAutoConfiguration.class))
			.withBean(SocketConnectionFactory.class, () -> (socket, options) -> {
				throw new UnsupportedOperationException();
			})
			.withBean(BroadcastTransport.class, RecordingTransport::new)
			.run((context) -> assertThat(context).hasSingleBean(RequestHeaderSocketIdResolver.class));
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(RequestHeaderSocketIdResolver.class));
	}

	@Test
	void applicationSocketIdResolversAreAskedInOrder() {
		RecordingTransport transport = new RecordingTransport();
		this.runner.withBean(BroadcastTransport.class, () -> transport)
			.withBean("nothing", SocketIdResolver.class, () -> () -> null)
			.withBean("rpc", SocketIdResolver.class, () -> () -> "sid-9")
			.run((context) -> {
				context.getBean(CableBroadcaster.class).broadcast("a", 1, BroadcastOptions.defaults().toOthers());
				assertThat(transport.publications())
					.containsExactly("{\"stream\":\"a\",\"data\":\"1\",\"meta\":{\"exclude_socket\":\"sid-9\"}}");
			});
	}

}
