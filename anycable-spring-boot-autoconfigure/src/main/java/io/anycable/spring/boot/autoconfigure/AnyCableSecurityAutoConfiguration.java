package io.anycable.spring.boot.autoconfigure;

import java.util.List;

import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.security.AuthenticationArgumentResolver;
import io.anycable.spring.security.BearerTokenCableAuthenticationResolver;
import io.anycable.spring.security.CableAuthenticationMapper;
import io.anycable.spring.security.CableAuthenticationResolver;
import io.anycable.spring.security.SecurityContextChannelCallScope;
import io.anycable.spring.security.SessionCableAuthenticationResolver;
import io.anycable.spring.security.SpringSecurityCableConnectionFactory;
import io.anycable.spring.support.CableJson;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of Spring Security for AnyCable connections, opted into with
 * {@code anycable.security.enabled=true}: a {@link SpringSecurityCableConnectionFactory}
 * (unless the application defines a {@link CableConnectionFactory}) that reads the Spring
 * Session cookie (with a {@link SessionRepository}) and bearer tokens (with a
 * {@link JwtDecoder}), the security context of every channel call, and
 * {@code @AuthenticationPrincipal}/{@code Principal} channel parameters.
 *
 * @author AnyCable Spring Boot contributors
 */
@AutoConfiguration(before = AnyCableAutoConfiguration.class, afterName = {
		"org.springframework.boot.autoconfigure.session.SessionAutoConfiguration",
		"org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnAnyCableEnabled
@ConditionalOnClass(Authentication.class)
@ConditionalOnBooleanProperty("anycable.security.enabled")
public class AnyCableSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CableAuthenticationMapper cableAuthenticationMapper(AnyCableProperties properties) {
		return CableAuthenticationMapper.byName(properties.getSecurity().getIdentifier());
	}

	@Bean
	@ConditionalOnMissingBean(CableConnectionFactory.class)
	SpringSecurityCableConnectionFactory springSecurityCableConnectionFactory(
			ObjectProvider<CableAuthenticationResolver> resolvers, CableAuthenticationMapper mapper) {
		List<CableAuthenticationResolver> ordered = resolvers.orderedStream().toList();
		if (ordered.isEmpty()) {
			throw new MissingCableAuthenticationException();
		}
		return new SpringSecurityCableConnectionFactory(ordered, mapper);
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityContextChannelCallScope securityContextChannelCallScope(CableAuthenticationMapper mapper,
			ObjectProvider<UserDetailsService> userDetailsService, CableJson cableJson) {
		return new SecurityContextChannelCallScope(mapper, userDetailsService.getIfUnique(), cableJson);
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationArgumentResolver authenticationArgumentResolver() {
		return new AuthenticationArgumentResolver();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SessionRepository.class)
	@ConditionalOnBean(SessionRepository.class)
	static class SessionConfiguration {

		@Bean
		@Order(10)
		@ConditionalOnMissingBean
		SessionCableAuthenticationResolver sessionCableAuthenticationResolver(
				SessionRepository<? extends Session> sessions, AnyCableProperties properties, Environment environment) {
			String cookie = properties.getSecurity().getSessionCookie();
			if (cookie == null) {
				cookie = environment.getProperty("server.servlet.session.cookie.name",
						SessionCableAuthenticationResolver.DEFAULT_COOKIE_NAME);
			}
			return new SessionCableAuthenticationResolver(sessions, cookie);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ BearerTokenAuthenticationToken.class, JwtDecoder.class })
	@ConditionalOnBean(JwtDecoder.class)
	static class BearerTokenConfiguration {

		@Bean
		@Order(0)
		@ConditionalOnMissingBean
		BearerTokenCableAuthenticationResolver bearerTokenCableAuthenticationResolver(JwtDecoder jwtDecoder,
				ObjectProvider<JwtAuthenticationConverter> converter) {
			JwtAuthenticationProvider provider = new JwtAuthenticationProvider(jwtDecoder);
			converter.ifUnique(provider::setJwtAuthenticationConverter);
			return new BearerTokenCableAuthenticationResolver(new ProviderManager(provider));
		}

	}

}
