package io.anycable.spring.conformance.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import io.anycable.spring.conformance.support.AnyCableGoServer;
import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.security.SessionCableAuthenticationResolver;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16, Spring Security end to end through anycable-go 1.5.2 and 1.6.16 (and the
 * embedded server): a browser's Spring Session cookie, proxied by anycable-go, logs the
 * WebSocket in with no connection factory of the application's; actions run as that user,
 * and {@code @PreAuthorize} refuses what the user may not do.
 */
class SpringSecurityConformanceIT {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final String SECURED = Json.identifier("SecuredChannel");

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(SecuredConformanceApp.class)
		.withProperties("anycable.security.enabled=true");

	private static String newSid(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	@Test
	void scenarioSessionCookieLogsTheWebSocketIn() {
		String sid = newSid("s01");
		CableClient client = subscribedAs("jane", sid);
		ConnectionResponse connect = env.rpc().await(sid, "Connect", WAIT).response();
		assertThat(connect.getIdentifiers()).isEqualTo("{\"user\":\"jane\"}");

		client.perform(SECURED, "whoami");
		client.expectNext(Json.obj("identifier", SECURED, "message", "jane"));
	}

	@Test
	void scenarioPreAuthorizeRefusesAnActionAndTheSessionGoesOn() {
		String sid = newSid("s02");
		CableClient client = subscribedAs("jane", sid);

		client.perform(SECURED, "purge");
		CommandResponse denied = env.rpc()
			.await("the purge Command of " + sid,
					(call) -> sid.equals(call.sid()) && "Command".equals(call.method())
							&& ((CommandMessage) call.request()).getData().contains("purge"),
					WAIT)
			.response();
		assertThat(denied.getStatus()).isEqualTo(Status.ERROR);
		assertThat(denied.getErrorMsg()).isEqualTo("SecuredChannel.purge denied: Access Denied");
		client.perform(SECURED, "whoami");
		client.expectNext(Json.obj("identifier", SECURED, "message", "jane"));
	}

	@Test
	void scenarioAnAdminMayPurge() {
		CableClient client = subscribedAs("root", newSid("s03"));
		client.perform(SECURED, "purge");
		client.expectNext(Json.obj("identifier", SECURED, "message", "purged"));
	}

	@Test
	void scenarioNoSessionOrAnUnknownOneIsUnauthorized() {
		for (String cookie : new String[] { null, "SESSION=" + base64("gone") }) {
			CableClient client = (cookie != null) ? env.client("/cable").header("Cookie", cookie).connect()
					: env.client("/cable").connect();
			client.expectNext(Json.obj("type", "disconnect", "reason", "unauthorized", "reconnect", false));
			assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
		}
	}

	/**
	 * {@code --proxy-cookies=SESSION} passes only the session cookie on, so the
	 * application never sees the browser's other cookies. anycable-go (1.5.2 and 1.6.16,
	 * {@code server/request_info.go} parseCookies) splits the header on {@code ;} without
	 * trimming, so only a first cookie matches its name: a session cookie after another
	 * one is dropped and the client is unauthorized. docs/security.md says so.
	 */
	@Tag(ConformanceEnvironment.ANYCABLE_GO_ONLY)
	@Test
	void scenarioProxyCookiesPassesTheSessionCookieOnlyWhenItComesFirst() {
		AnyCableGoServer filtered = env.startExtraServer("SpringSecurityConformanceIT-proxy-cookies", env.rpcHost(),
				"--proxy-cookies=SESSION");
		String sid = newSid("s05");
		CableClient client = env.client(filtered, "/cable")
			.sid(sid)
			.header("Cookie", "SESSION=" + login("jane") + "; tracking=abc")
			.connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));
		ConnectionRequest connect = env.rpc().await(sid, "Connect", WAIT).request();
		assertThat(connect.getEnv().getHeadersMap().get("cookie")).startsWith("SESSION=").doesNotContain("tracking");

		CableClient second = env.client(filtered, "/cable")
			.header("Cookie", "tracking=abc; SESSION=" + login("jane"))
			.connect();
		second.expectNext(Json.obj("type", "disconnect", "reason", "unauthorized", "reconnect", false));
	}

	/** A client logged in by its session cookie and subscribed to the secured channel. */
	private static CableClient subscribedAs(String username, String sid) {
		CableClient client = env.client("/cable").sid(sid).header("Cookie", "SESSION=" + login(username)).connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));
		client.subscribe(SECURED);
		client.expectNext(Json.obj("identifier", SECURED, "type", "confirm_subscription"));
		return client;
	}

	/** Saves a session as Spring Security's form login leaves it; returns its cookie. */
	private static String login(String username) {
		UserDetails user = env.bean(InMemoryUserDetailsManager.class).loadUserByUsername(username);
		MapSession session = new MapSession();
		session.setAttribute(SessionCableAuthenticationResolver.SECURITY_CONTEXT_ATTRIBUTE, new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities())));
		env.bean(MapSessionRepository.class).save(session);
		return base64(session.getId());
	}

	private static String base64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
