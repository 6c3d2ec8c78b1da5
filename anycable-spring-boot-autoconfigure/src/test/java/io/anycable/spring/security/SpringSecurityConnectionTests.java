package io.anycable.spring.security;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.ChannelExceptionHandler;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.RpcMetadata;
import io.anycable.spring.rpc.RpcRequests;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security through the RPC handler as anycable-go calls it: Connect by the Spring
 * Session cookie or a bearer JWT, channel calls as the connection's user
 * ({@code @PreAuthorize}, {@code @AuthenticationPrincipal}, {@code Principal}), with the
 * authorities kept in the connection state (no {@code UserDetailsService} here).
 */
@SpringBootTest(properties = { "anycable.security.enabled=true", "grpc.server.port=-1",
		"grpc.server.in-process-name=spring-security-connection-tests" })
@ExtendWith(OutputCaptureExtension.class)
class SpringSecurityConnectionTests {

	static final SecretKey KEY = new SecretKeySpec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
			"HmacSHA256");

	static final String SECURE = "{\"channel\":\"SecureChannel\"}";

	static final String GUARDED = "{\"channel\":\"GuardedChannel\"}";

	@Autowired
	private AnyCableRpcHandler handler;

	@Autowired
	private MapSessionRepository sessions;

	@Test
	void theSessionCookieOfALoggedInUserIdentifiesTheConnection() {
		ConnectionResponse response = connect(Map.of("cookie", "SESSION=" + sessionOf("jane", "ROLE_USER")), "");
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getIdentifiers()).isEqualTo("{\"user\":\"jane\"}");
		assertThat(response.getEnv().getCstateMap())
			.containsExactly(Map.entry(SpringSecurityCableConnectionFactory.AUTHORITIES_STATE_KEY, "[\"ROLE_USER\"]"));
	}

	@Test
	void aSessionIdWithoutBase64IsFoundToo() {
		MapSession session = loggedIn("raw", "ROLE_USER");
		assertThat(connect(Map.of("cookie", "SESSION=" + session.getId()), "").getIdentifiers())
			.isEqualTo("{\"user\":\"raw\"}");
	}

	@Test
	void noCookieAnUnknownSessionOrAnAnonymousOneIsUnauthorized() {
		assertUnauthorized(connect(Map.of(), ""));
		assertUnauthorized(connect(Map.of("cookie", "SESSION=" + base64("no-such-session")), ""));
		MapSession session = new MapSession();
		session.setAttribute(SessionCableAuthenticationResolver.SECURITY_CONTEXT_ATTRIBUTE,
				new SecurityContextImpl(new AnonymousAuthenticationToken("key", "anonymousUser",
						AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"))));
		this.sessions.save(session);
		assertUnauthorized(connect(Map.of("cookie", "SESSION=" + base64(session.getId())), ""));
		MapSession notLoggedIn = new MapSession();
		this.sessions.save(notLoggedIn);
		assertUnauthorized(connect(Map.of("cookie", "SESSION=" + base64(notLoggedIn.getId())), ""));
	}

	@Test
	void aBearerJwtInTheHeaderOrTheQueryIdentifiesTheConnection() {
		String token = jwt("bob", Instant.now().plusSeconds(600));
		assertThat(connect(Map.of("authorization", "Bearer " + token), "").getIdentifiers())
			.isEqualTo("{\"user\":\"bob\"}");
		assertThat(connect(Map.of(), "?access_token=" + token).getIdentifiers()).isEqualTo("{\"user\":\"bob\"}");
	}

	@Test
	void anExpiredBearerJwtIsToldToRefreshAndAForgedOneIsUnauthorized(CapturedOutput output) {
		String expired = jwt("bob", Instant.now().minusSeconds(600));
		ConnectionResponse response = connect(Map.of("authorization", "Bearer " + expired), "");
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"type\":\"disconnect\",\"reason\":\"token_expired\",\"reconnect\":false}");
		String forged = jwt("bob", Instant.now().plusSeconds(600)).replaceAll(".{4}$", "AAAA");
		assertUnauthorized(connect(Map.of("authorization", "Bearer " + forged), ""));
		assertThat(output).doesNotContain(expired).doesNotContain(forged);
	}

	@Test
	void actionsRunAsTheConnectionsUser() {
		CommandResponse response = perform(SECURE, "whoami", "ROLE_USER");
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"identifier\":" + quote(SECURE) + ",\"message\":\"jane/jane/[ROLE_USER]\"}");
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@Test
	void preAuthorizeRefusesAnActionWithAClearErrorAndNoStackTrace(CapturedOutput output) {
		CommandResponse response = perform(SECURE, "purge", "ROLE_USER");
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo("SecureChannel.purge denied: Access Denied");
		assertThat(output).contains("SecureChannel.purge denied: Access Denied")
			.doesNotContain("at org.springframework.security")
			.doesNotContain("ROLE_USER");
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@Test
	void preAuthorizeLetsAnAdminThrough() {
		CommandResponse response = perform(SECURE, "purge", "ROLE_USER\",\"ROLE_ADMIN");
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"identifier\":" + quote(SECURE) + ",\"message\":\"purged\"}");
	}

	@Test
	void aChannelExceptionHandlerTakesTheDenial() {
		CommandResponse response = perform(GUARDED, "purge", "ROLE_USER");
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"identifier\":" + quote(GUARDED) + ",\"message\":\"not for jane\"}");
	}

	@Test
	void aConnectionWithoutAUserRunsUnauthenticated() {
		CommandResponse response = this.handler
			.command(RpcRequests.message(SECURE, "", "{\"action\":\"whoami\"}", Map.of()), RpcMetadata.NONE);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"identifier\":" + quote(SECURE) + ",\"message\":\"null/null/null\"}");
	}

	private CommandResponse perform(String identifier, String action, String authorities) {
		return this.handler.command(
				RpcRequests.command("message", identifier, "{\"user\":\"jane\"}", "{\"action\":\"" + action + "\"}",
						Map.of(SpringSecurityCableConnectionFactory.AUTHORITIES_STATE_KEY, "[\"" + authorities + "\"]"),
						Map.of()),
				RpcMetadata.NONE);
	}

	private ConnectionResponse connect(Map<String, String> headers, String query) {
		ConnectionRequest request = RpcRequests.connect(query);
		request = request.toBuilder().setEnv(request.getEnv().toBuilder().putAllHeaders(headers)).build();
		return this.handler.connect(request, RpcMetadata.NONE);
	}

	private static void assertUnauthorized(ConnectionResponse response) {
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}");
	}

	private String sessionOf(String user, String... authorities) {
		return base64(loggedIn(user, authorities).getId());
	}

	private MapSession loggedIn(String user, String... authorities) {
		MapSession session = new MapSession();
		UserDetails details = User.withUsername(user).password("{noop}x").authorities(authorities).build();
		session.setAttribute(SessionCableAuthenticationResolver.SECURITY_CONTEXT_ATTRIBUTE, new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities())));
		this.sessions.save(session);
		return session;
	}

	private static String base64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	private static String quote(String json) {
		return "\"" + json.replace("\"", "\\\"") + "\"";
	}

	static String jwt(String subject, Instant expiresAt) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
					new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expiresAt)).build());
			jwt.sign(new MACSigner(KEY));
			return jwt.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootApplication
	@EnableMethodSecurity
	@Import({ SecureChannel.class, GuardedChannel.class })
	static class TestApplication {

		@Bean
		MapSessionRepository sessionRepository() {
			return new MapSessionRepository(new java.util.concurrent.ConcurrentHashMap<>());
		}

		@Bean
		JwtDecoder jwtDecoder() {
			return NimbusJwtDecoder.withSecretKey(KEY).build();
		}

	}

	@AnyCableChannel("SecureChannel")
	static class SecureChannel {

		@Action
		String whoami(@AuthenticationPrincipal UserDetails user, Principal principal, Authentication authentication) {
			return ((user != null) ? user.getUsername() : null) + "/"
					+ ((principal != null) ? principal.getName() : null) + "/"
					+ ((authentication != null) ? authentication.getAuthorities() : null);
		}

		@Action
		@PreAuthorize("hasRole('ADMIN')")
		String purge() {
			return "purged";
		}

	}

	@AnyCableChannel("GuardedChannel")
	static class GuardedChannel {

		@Action
		@PreAuthorize("hasRole('ADMIN')")
		String purge() {
			return "purged";
		}

		@ChannelExceptionHandler
		void denied(AccessDeniedException ex, ChannelHandle handle, Principal principal) {
			handle.transmit("not for " + principal.getName());
		}

	}

}
