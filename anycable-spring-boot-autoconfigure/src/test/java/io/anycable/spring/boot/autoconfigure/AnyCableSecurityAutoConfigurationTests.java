package io.anycable.spring.boot.autoconfigure;

import java.util.concurrent.ConcurrentHashMap;

import io.anycable.spring.channel.internal.AnonymousCableConnectionFactory;
import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.security.AuthenticationArgumentResolver;
import io.anycable.spring.security.BearerTokenCableAuthenticationResolver;
import io.anycable.spring.security.SecurityContextChannelCallScope;
import io.anycable.spring.security.SessionCableAuthenticationResolver;
import io.anycable.spring.security.SpringSecurityCableConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

class AnyCableSecurityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AnyCableAutoConfiguration.class,
				AnyCableSecurityAutoConfiguration.class))
		.withBean(MapSessionRepository.class, () -> new MapSessionRepository(new ConcurrentHashMap<>()));

	@Test
	void offUnlessAskedFor() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(SpringSecurityCableConnectionFactory.class)
				.doesNotHaveBean(SecurityContextChannelCallScope.class);
			assertThat(context.getBean(CableConnectionFactory.class))
				.isInstanceOf(AnonymousCableConnectionFactory.class);
		});
	}

	@Test
	void enabledConnectionsAuthenticateBySessionCookieAndChannelCallsRunAsTheUser() {
		this.runner.withPropertyValues("anycable.security.enabled=true").run((context) -> {
			assertThat(context.getBean(CableConnectionFactory.class))
				.isInstanceOf(SpringSecurityCableConnectionFactory.class);
			assertThat(context.getBean(SpringSecurityCableConnectionFactory.class).resolvers()).singleElement()
				.hasToString("Spring Session cookie 'SESSION'");
			assertThat(context).hasSingleBean(SecurityContextChannelCallScope.class)
				.hasSingleBean(AuthenticationArgumentResolver.class);
		});
	}

	@Test
	void theSessionCookieNameFollowsServletSessionSettingsUnlessSet() {
		this.runner.withPropertyValues("anycable.security.enabled=true", "server.servlet.session.cookie.name=SID")
			.run((context) -> assertThat(context.getBean(SessionCableAuthenticationResolver.class))
				.hasToString("Spring Session cookie 'SID'"));
		this.runner
			.withPropertyValues("anycable.security.enabled=true", "server.servlet.session.cookie.name=SID",
					"anycable.security.session-cookie=CABLE")
			.run((context) -> assertThat(context.getBean(SessionCableAuthenticationResolver.class))
				.hasToString("Spring Session cookie 'CABLE'"));
	}

	@Test
	void aJwtDecoderAddsBearerTokensAheadOfTheSession() {
		this.runner.withPropertyValues("anycable.security.enabled=true").withBean(JwtDecoder.class, () -> (token) -> {
			throw new UnsupportedOperationException();
		})
			.run((context) -> assertThat(context.getBean(SpringSecurityCableConnectionFactory.class).resolvers())
				.hasSize(2)
				.first()
				.isInstanceOf(BearerTokenCableAuthenticationResolver.class));
	}

	@Test
	void theApplicationsConnectionFactoryWins() {
		CableConnectionFactory mine = (request) -> CableConnection.reject();
		this.runner.withPropertyValues("anycable.security.enabled=true")
			.withBean(CableConnectionFactory.class, () -> mine)
			.run((context) -> {
				assertThat(context.getBean(CableConnectionFactory.class)).isSameAs(mine);
				assertThat(context).hasSingleBean(SecurityContextChannelCallScope.class);
			});
	}

	@Test
	void nothingToAuthenticateWithFailsStartupWithTheWayOut() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AnyCableAutoConfiguration.class,
					AnyCableSecurityAutoConfiguration.class))
			.withPropertyValues("anycable.security.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(MissingCableAuthenticationException.class)
				.satisfies((failure) -> assertThat(
						new MissingCableAuthenticationFailureAnalyzer().analyze(failure).getAction())
					.contains("SessionRepository bean")
					.contains("JwtDecoder bean")));
	}

	@Test
	void backsOffWithoutSpringSecurity() {
		this.runner.withPropertyValues("anycable.security.enabled=true")
			.withClassLoader(new FilteredClassLoader(Authentication.class, SessionRepository.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SpringSecurityCableConnectionFactory.class));
	}

}
