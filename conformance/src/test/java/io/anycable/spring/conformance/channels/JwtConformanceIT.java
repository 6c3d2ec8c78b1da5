package io.anycable.spring.conformance.channels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.conformance.support.AnyCableGoServer;
import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.broadcast.StarterBroadcastTarget;
import io.anycable.spring.jwt.CableJwtIssuer;
import io.anycable.spring.rpc.grpc.MicrometerRpcCallObserver;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.CableClient.CloseInfo;
import io.anycable.spring.testsupport.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #16, AnyCable JWT end to end: tokens issued by the application's
 * {@link CableJwtIssuer} are verified by anycable-go ({@code --jwt_secret}, the same
 * secret as {@code anycable.jwt-secret}) or by the embedded server, with no Connect call;
 * their identifiers are exactly those a Connect would have returned, so a remote
 * disconnect through {@link CableBroadcaster} finds the connection.
 */
class JwtConformanceIT {

	private static final String SECRET = "s3Krit";

	private static final Duration WAIT = Duration.ofSeconds(5);

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment
		.of(ChannelConformanceApp.class, "--jwt_secret=" + SECRET)
		.withProperties("anycable.jwt-secret=" + SECRET)
		.broadcastVia(StarterBroadcastTarget.http());

	private static String newSid(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	@Test
	void scenario09JwtIssuedByTheApplicationConnectsWithoutConnect() {
		double connectsBefore = connectCalls();
		String sid = newSid("j09a");
		String token = env.bean(CableJwtIssuer.class).issue(Map.of("uid", "jwt-7", "org", Map.of("name", "x")));
		CableClient client = env.client("/cable?jid=" + token).sid(sid).connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));

		expectIdentifiedAs(client, "jwt-7");
		assertThat(env.rpc().calls(sid, "Connect")).as("Connect calls").isEmpty();
		CommandMessage subscribe = env.rpc().await(sid, "Command", WAIT).request();
		assertThat(subscribe.getConnectionIdentifiers()).isEqualTo("{\"org\":{\"name\":\"x\"},\"uid\":\"jwt-7\"}");
		assertThat(connectCalls()).as("anycable.rpc.calls{method=Connect}").isEqualTo(connectsBefore);
		if (!ConformanceEnvironment.isEmbedded()) {
			// the metric counts: a client without a token is one Connect more
			String plain = newSid("j09m");
			env.client("/cable?uid=plain").sid(plain).connect().expectNext(Json.obj("type", "welcome", "sid", plain));
			await().atMost(WAIT).until(() -> connectCalls() == connectsBefore + 1);
		}
	}

	/** Subscribes to the echo channel and asks it for the connection's {@code uid}. */
	private static void expectIdentifiedAs(CableClient client, String uid) {
		String echo = Json.identifier("EchoChannel");
		client.subscribe(echo);
		client.expectNext(Json.obj("identifier", echo, "type", "confirm_subscription"));
		client.perform(echo, "whoami");
		client.expectNext(Json.obj("identifier", echo, "message", Json.obj("uid", uid, "k", null)));
	}

	/**
	 * The application's own count of Connect calls (gRPC; the embedded server has none).
	 */
	private static double connectCalls() {
		return env.bean(MeterRegistry.class)
			.find(MicrometerRpcCallObserver.CALLS)
			.tag("method", "Connect")
			.timers()
			.stream()
			.mapToDouble(Timer::count)
			.sum();
	}

	@Test
	void scenario09RemoteDisconnectFindsATokenConnectionByItsIdentifiers() {
		String sid = newSid("j09d");
		String token = env.bean(CableJwtIssuer.class).issue(Map.of("uid", "jwt-8", "org", Map.of("name", "x")));
		CableClient client = env.client("/cable?jid=" + token).sid(sid).connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));

		// another key order than the issuer's: canonical on both sides
		env.bean(CableBroadcaster.class).disconnect(Map.of("org", Map.of("name", "x"), "uid", "jwt-8"), false);

		client.expectNext(Json.obj("type", "disconnect", "reason", "remote", "reconnect", false));
		CloseInfo close = client.awaitClose(WAIT);
		assertThat(close.code()).as(close.toString()).isEqualTo(1000);
		assertThat(env.rpc().calls(sid, "Connect")).isEmpty();
	}

	@Test
	void scenario09ExpiredTokenIsToldToRefresh() {
		String sid = newSid("j09e");
		CableClient client = env.client("/cable?jid=" + issuedAt(Instant.now().minus(Duration.ofHours(2))))
			.sid(sid)
			.connect();
		client.expectNext(Json.obj("type", "disconnect", "reason", "token_expired", "reconnect", false));
		CloseInfo close = client.awaitClose(WAIT);
		assertThat(close.code()).as(close.toString()).isEqualTo(1000);
		assertThat(client.frames()).hasSize(1);
		assertThat(env.rpc().calls(sid, "Connect")).isEmpty();
	}

	@Test
	void scenario09TokenOfAnotherSecretIsUnauthorized() {
		String forged = new CableJwtIssuer("guessed", Duration.ofHours(1), "jid", Clock.systemUTC())
			.issue(Map.of("uid", "admin"));
		CableClient client = env.client("/cable?jid=" + forged).connect();
		client.expectNext(Json.obj("type", "disconnect", "reason", "unauthorized", "reconnect", false));
		assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
	}

	/**
	 * anycable-go 1.6 (and the embedded server) read a token from the
	 * {@code anycable-token.<jwt>} WebSocket sub-protocol, the one way a browser can send
	 * it outside the URL; 1.5.2 does not, and connects the client through Connect.
	 */
	@Test
	void scenario09TokenInTheSubProtocol() {
		String sid = newSid("j09p");
		String token = env.bean(CableJwtIssuer.class).issue(Map.of("uid", "jwt-9"));
		CableClient client = env.client("/cable")
			.sid(sid)
			.subprotocols("actioncable-v1-json", "anycable-token." + token)
			.connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));
		boolean readsSubProtocol = ConformanceEnvironment.isEmbedded()
				|| !AnyCableGoServer.version().startsWith("1.5.");
		expectIdentifiedAs(client, readsSubProtocol ? "jwt-9" : "anonymous");
		assertThat(env.rpc().calls(sid, "Connect")).hasSize(readsSubProtocol ? 0 : 1);
	}

	/**
	 * anycable-go without a JWT secret calls Connect for a token connection: the
	 * application answers it from the token as anycable-go would have (the connection
	 * factory is not asked), expired and forged tokens alike.
	 */
	@Tag(ConformanceEnvironment.ANYCABLE_GO_ONLY)
	@Test
	void scenario09WithoutAJwtSecretTheApplicationVerifiesTheToken() {
		AnyCableGoServer plain = env.startExtraServer("JwtConformanceIT-no-jwt-secret", env.rpcHost());
		String sid = newSid("j09n");
		String token = env.bean(CableJwtIssuer.class).issue(Map.of("uid", "jwt-10"));
		CableClient client = env.client(plain, "/cable?jid=" + token).sid(sid).connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));
		expectIdentifiedAs(client, "jwt-10");
		ConnectionResponse connect = env.rpc().await(sid, "Connect", WAIT).response();
		assertThat(connect.getIdentifiers()).isEqualTo("{\"uid\":\"jwt-10\"}");

		CableClient expired = env.client(plain, "/cable?jid=" + issuedAt(Instant.now().minus(Duration.ofHours(2))))
			.connect();
		expired.expectNext(Json.obj("type", "disconnect", "reason", "token_expired", "reconnect", false));
		assertThat(expired.awaitClose(WAIT).code()).isEqualTo(1000);

		String forged = new CableJwtIssuer("guessed", Duration.ofHours(1), "jid", Clock.systemUTC())
			.issue(Map.of("uid", "admin"));
		CableClient unauthorized = env.client(plain, "/cable?jid=" + forged).connect();
		unauthorized.expectNext(Json.obj("type", "disconnect", "reason", "unauthorized", "reconnect", false));
		assertThat(unauthorized.awaitClose(WAIT).code()).isEqualTo(1000);
	}

	private static String issuedAt(Instant instant) {
		return new CableJwtIssuer(SECRET, Duration.ofHours(1), "jid", Clock.fixed(instant, ZoneOffset.UTC))
			.issue(Map.of("uid", "late"));
	}

}
