package io.anycable.spring.boot.autoconfigure;

import java.net.URI;
import java.util.Objects;

import io.anycable.spring.boot.autoconfigure.AnyCableProperties.BroadcastAdapter;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.broadcast.DefaultCableBroadcaster;
import io.anycable.spring.broadcast.HttpBroadcastTransport;
import io.anycable.spring.broadcast.NatsBroadcastTransport;
import io.anycable.spring.broadcast.RedisBroadcastTransport;
import io.anycable.spring.broadcast.RequestHeaderSocketIdResolver;
import io.anycable.spring.broadcast.RpcCallSocketIdResolver;
import io.anycable.spring.broadcast.SocketIdResolver;
import io.anycable.spring.support.AnyCableSecrets;
import io.anycable.spring.support.CableJson;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.nats.client.Nats;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for broadcasting: a {@link CableBroadcaster} over the transport
 * chosen with {@code anycable.broadcast-adapter}. Each transport backs off when the
 * application declares its own {@link CableBroadcaster} or {@link BroadcastTransport}.
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration(after = AnyCableAutoConfiguration.class)
@ConditionalOnAnyCableEnabled
@ConditionalOnBean(CableJson.class)
@EnableConfigurationProperties(AnyCableProperties.class)
public class AnyCableBroadcastAutoConfiguration {

	private static final Log logger = LogFactory.getLog(AnyCableBroadcastAutoConfiguration.class);

	private static final String ADAPTER_PROPERTY = "anycable.broadcast-adapter";

	@Bean
	@ConditionalOnMissingBean(CableBroadcaster.class)
	DefaultCableBroadcaster cableBroadcaster(AnyCableProperties properties,
			ObjectProvider<BroadcastTransport> transport, CableJson json,
			ObjectProvider<SocketIdResolver> socketIdResolvers,
			ObjectProvider<BroadcastTransportDecorator> decorators) {
		BroadcastTransport selected = transport.getIfAvailable();
		if (selected == null) {
			throw missingTransport(properties.getBroadcastAdapter());
		}
		for (BroadcastTransportDecorator decorator : decorators.orderedStream().toList()) {
			selected = decorator.decorate(selected);
		}
		logger.info("AnyCable broadcasts go to " + selected);
		SocketIdResolver socketIdResolver = () -> socketIdResolvers.orderedStream()
			.map(SocketIdResolver::resolveSocketId)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		return new DefaultCableBroadcaster(selected, json, socketIdResolver, properties.isBroadcastAfterCommit());
	}

	private static MissingBroadcastAdapterException missingTransport(BroadcastAdapter adapter) {
		String library = switch (adapter) {
			case REDIS, REDISX -> "io.lettuce:lettuce-core";
			case NATS -> "io.nats:jnats";
			case HTTP -> "the java.net.http module";
		};
		return new MissingBroadcastAdapterException(adapter.name().toLowerCase(), library);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisClient.class)
	@ConditionalOnProperty(name = ADAPTER_PROPERTY, havingValue = "redis", matchIfMissing = true)
	@ConditionalOnMissingBean({ CableBroadcaster.class, BroadcastTransport.class })
	static class RedisConfiguration {

		@Bean
		RedisBroadcastTransport anyCableRedisBroadcastTransport(AnyCableProperties properties) {
			return RedisBroadcastTransport.publish(redisUri(properties), properties.getRedisChannel());
		}

		static RedisURI redisUri(AnyCableProperties properties) {
			RedisURI uri;
			try {
				uri = RedisURI.create(properties.getRedisUrl());
			}
			catch (IllegalArgumentException ex) {
				// the message of RedisURI never contains the password
				throw new IllegalArgumentException("Invalid anycable.redis-url: " + ex.getMessage(), ex);
			}
			uri.setTimeout(properties.getRedisTimeout());
			return uri;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisClient.class)
	@ConditionalOnProperty(name = ADAPTER_PROPERTY, havingValue = "redisx")
	@ConditionalOnMissingBean({ CableBroadcaster.class, BroadcastTransport.class })
	static class RedisxConfiguration {

		@Bean
		RedisBroadcastTransport anyCableRedisxBroadcastTransport(AnyCableProperties properties) {
			return RedisBroadcastTransport.addToStream(RedisConfiguration.redisUri(properties),
					properties.getRedisxStream());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Nats.class)
	@ConditionalOnProperty(name = ADAPTER_PROPERTY, havingValue = "nats")
	@ConditionalOnMissingBean({ CableBroadcaster.class, BroadcastTransport.class })
	static class NatsConfiguration {

		@Bean
		NatsBroadcastTransport anyCableNatsBroadcastTransport(AnyCableProperties properties) {
			return new NatsBroadcastTransport(properties.getNatsServers(), properties.getNatsChannel(),
					properties.getNatsTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = ADAPTER_PROPERTY, havingValue = "http")
	@ConditionalOnMissingBean({ CableBroadcaster.class, BroadcastTransport.class })
	static class HttpConfiguration {

		@Bean
		HttpBroadcastTransport anyCableHttpBroadcastTransport(AnyCableProperties properties) {
			String key = AnyCableSecrets.broadcastKey(properties.getBroadcastKey(), properties.getSecret());
			URI url = properties.getHttpBroadcastUrl();
			if (url == null) {
				url = URI.create("http://localhost:" + ((key != null) ? 8080 : 8090) + "/_broadcast");
			}
			return new HttpBroadcastTransport(url, key, properties.getHttpBroadcastTimeout());
		}

	}

	@Bean
	@ConditionalOnMissingBean
	RpcCallSocketIdResolver rpcCallSocketIdResolver() {
		return new RpcCallSocketIdResolver();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ServletSocketIdConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RequestHeaderSocketIdResolver requestHeaderSocketIdResolver() {
			return new RequestHeaderSocketIdResolver();
		}

	}

}
