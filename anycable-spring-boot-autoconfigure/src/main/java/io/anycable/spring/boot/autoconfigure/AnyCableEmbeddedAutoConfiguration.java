package io.anycable.spring.boot.autoconfigure;

import java.util.List;

import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.embedded.EmbeddedBroadcastTransport;
import io.anycable.spring.embedded.EmbeddedCableServer;
import io.anycable.spring.jwt.CableJwtVerifier;
import io.anycable.spring.embedded.EmbeddedCableWebSocketHandler;
import io.anycable.spring.embedded.internal.LoggingOriginInterceptor;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.support.CableJson;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the embedded Action Cable endpoint: with
 * {@code anycable.embedded.enabled=true} a servlet application serves Action Cable
 * clients itself at {@code anycable.embedded.path}, answering them with the same channels
 * anycable-go would reach over gRPC, and the {@link CableBroadcaster} delivers to them
 * in-process (ahead of any broadcast adapter, which would need a broker). Browsers may
 * connect from the application's own origin and {@code anycable.embedded.allowed-origins}
 * only. Single node only: several instances do not share clients.
 *
 * @author AnyCable Spring Boot contributors
 */
// after the test support's BroadcastRecorder (a transport too): in tests, recording wins
@AutoConfiguration(after = AnyCableAutoConfiguration.class, before = AnyCableBroadcastAutoConfiguration.class,
		afterName = "io.anycable.spring.boot.test.autoconfigure.AnyCableTestAutoConfiguration")
@ConditionalOnAnyCableEnabled
@ConditionalOnClass(WebSocketConfigurer.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty("anycable.embedded.enabled")
@ConditionalOnBean(AnyCableRpcHandler.class)
public class AnyCableEmbeddedAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EmbeddedCableServer embeddedCableServer(AnyCableRpcHandler rpcHandler, CableJson cableJson,
			AnyCableProperties properties, ObjectProvider<CableJwtVerifier> jwtVerifier) {
		AnyCableProperties.Embedded embedded = properties.getEmbedded();
		EmbeddedCableServer server = new EmbeddedCableServer(rpcHandler, cableJson);
		jwtVerifier.ifAvailable((verifier) -> server.setTokenHeader(verifier.header()));
		PropertyMapper map = PropertyMapper.get().alwaysApplyingWhenNonNull();
		map.from(embedded::getPingInterval).to(server::setPingInterval);
		map.from(embedded::getHeaders).to(server::setHeaders);
		map.from(embedded::getSendBufferSizeLimit).asInt((size) -> size.toBytes()).to(server::setSendBufferSizeLimit);
		map.from(embedded::getSendTimeLimit).to(server::setSendTimeLimit);
		map.from(embedded::getMaxMessageSize).asInt((size) -> size.toBytes()).to(server::setMaxMessageSize);
		return server;
	}

	@Bean
	@ConditionalOnMissingBean
	EmbeddedCableWebSocketHandler embeddedCableWebSocketHandler(EmbeddedCableServer server) {
		return new EmbeddedCableWebSocketHandler(server);
	}

	/**
	 * The transport of the {@link CableBroadcaster}: ahead of the broadcast adapters,
	 * which back off when a transport exists, so broadcasts reach the embedded endpoint's
	 * clients without a broker.
	 */
	@Bean
	@ConditionalOnMissingBean(BroadcastTransport.class)
	EmbeddedBroadcastTransport embeddedBroadcastTransport(EmbeddedCableServer server, CableJson cableJson) {
		return new EmbeddedBroadcastTransport(server, cableJson);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class EndpointConfiguration {

		@Bean
		WebSocketConfigurer anyCableEmbeddedEndpoint(EmbeddedCableWebSocketHandler handler,
				AnyCableProperties properties) {
			AnyCableProperties.Embedded embedded = properties.getEmbedded();
			List<String> allowedOrigins = embedded.getAllowedOrigins();
			// Spring appends its own origin check, silent but at DEBUG: ours, with the
			// same patterns, runs first and warns
			return (registry) -> registry.addHandler(handler, embedded.getPath())
				.addInterceptors(new LoggingOriginInterceptor(allowedOrigins))
				.setAllowedOriginPatterns(StringUtils.toStringArray(allowedOrigins));
		}

	}

}
