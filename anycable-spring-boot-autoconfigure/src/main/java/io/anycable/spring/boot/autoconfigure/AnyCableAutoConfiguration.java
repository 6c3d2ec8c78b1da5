package io.anycable.spring.boot.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.anycable.spring.channel.ChannelCallScope;
import io.anycable.spring.channel.internal.AnonymousCableConnectionFactory;
import io.anycable.spring.channel.internal.ChannelConnectionFactory;
import io.anycable.spring.channel.internal.ChannelRegistry;
import io.anycable.spring.channel.method.ChannelArgumentResolver;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.anycable.spring.jwt.CableJwtVerifier;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.RpcRequestLimits;
import io.anycable.spring.support.CableJson;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Validator;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the transport-independent core of AnyCable: JSON, the RPC
 * handler, and the channel framework that answers it unless the application plugs in a
 * {@link SocketConnectionFactory} of its own.
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class)
@ConditionalOnAnyCableEnabled
@EnableConfigurationProperties(AnyCableProperties.class)
public class AnyCableAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CableJson cableJson(ObjectProvider<ObjectMapper> objectMapper) {
		// without Boot's Jackson auto-configuration (it needs spring-web) still read
		// java.time and Optional
		return new CableJson(objectMapper.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	AnyCableRpcHandler anyCableRpcHandler(SocketConnectionFactory connectionFactory, CableJson cableJson,
			AnyCableProperties properties, ObjectProvider<CableJwtVerifier> jwtVerifier) {
		RpcRequestLimits limits = new RpcRequestLimits(properties.getRpcMaxJsonDepth(),
				Math.toIntExact(properties.getRpcMaxIdentifierSize().toBytes()),
				Math.toIntExact(properties.getRpcMaxStateSize().toBytes()));
		AnyCableRpcHandler handler = new AnyCableRpcHandler(connectionFactory, cableJson, limits);
		handler.setRejectFailedSubscriptions(properties.isRejectFailedSubscriptions());
		handler.setJwtVerifier(jwtVerifier.getIfAvailable());
		return handler;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(SocketConnectionFactory.class)
	static class ChannelFrameworkConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ChannelRegistry anyCableChannelRegistry(CableJson cableJson, ObjectProvider<Validator> validators,
				ObjectProvider<ChannelArgumentResolver> resolvers) {
			// Spring MVC adds its mvcValidator next to Boot's defaultValidator; both
			// validate with Bean Validation
			Validator validator = validators.getIfUnique(() -> validators.orderedStream().findFirst().orElse(null));
			return new ChannelRegistry(cableJson, validator, resolvers.orderedStream().toList());
		}

		@Bean
		@ConditionalOnMissingBean
		CableConnectionFactory anonymousCableConnectionFactory() {
			return new AnonymousCableConnectionFactory();
		}

		@Bean
		ChannelConnectionFactory channelConnectionFactory(ChannelRegistry registry,
				CableConnectionFactory connectionFactory, CableJson cableJson,
				ObjectProvider<ChannelCallScope> scopes) {
			return new ChannelConnectionFactory(registry, connectionFactory, cableJson,
					scopes.orderedStream().toList());
		}

	}

}
