package io.anycable.spring.conformance.channels;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.broadcast.HttpBroadcastTarget;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.CableClient.CloseInfo;
import io.anycable.spring.testsupport.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec §9 scenarios 9 (JWT identification: no Connect RPC, Commands carry the token's
 * {@code ext}) and 30 (HTTP broadcast authentication with the key derived from
 * {@code --secret}).
 * <p>
 * anycable-go 1.5.2 reads the token from the {@code X-<param>} header only when that
 * header is listed in {@code --headers}, and does not read it from an
 * {@code anycable-token.<token>} sub-protocol.
 */
// JWT identification and the authenticated HTTP broadcast endpoint are anycable-go
// features
@Tag(ConformanceEnvironment.ANYCABLE_GO_ONLY)
class SecretConformanceIT {

	private static final String SECRET = "s3Krit";

	private static final Duration WAIT = Duration.ofSeconds(5);

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(ChannelConformanceApp.class,
			"--secret=" + SECRET, "--jwt_param=token", "--enforce_jwt", "--headers=cookie,x-token");

	@Test
	void scenario09TokenInTheQueryIdentifiesWithoutConnectRpc() {
		String sid = "j09q-" + UUID.randomUUID();
		String ext = Json.write(Json.map("uid", "jwt-42"));
		CableClient client = env.client("/cable?token=" + token(ext, Instant.now().plusSeconds(3600)))
			.sid(sid)
			.connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));

		String id = Json.identifier("BasicChannel");
		client.subscribe(id);
		client.expectNext(Json.obj("identifier", id, "type", "confirm_subscription"));
		assertThat(env.rpc().calls(sid, "Connect")).as("Connect calls").isEmpty();
		CommandMessage subscribe = env.rpc().await(sid, "Command", WAIT).request();
		assertThat(subscribe.getConnectionIdentifiers()).isEqualTo(ext);
	}

	@Test
	void scenario09TokenInTheHeader() {
		String sid = "j09h-" + UUID.randomUUID();
		String ext = Json.write(Json.map("uid", "jwt-43"));
		CableClient client = env.client("/cable")
			.sid(sid)
			.header("X-Token", token(ext, Instant.now().plusSeconds(3600)))
			.connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));
		assertThat(env.rpc().calls(sid, "Connect")).isEmpty();
	}

	@Test
	void scenario09MissingTokenIsUnauthorized() {
		CableClient client = env.client("/cable").connect();
		client.expectNext(Json.obj("type", "disconnect", "reason", "unauthorized", "reconnect", false));
		CloseInfo close = client.awaitClose(WAIT);
		assertThat(close.code()).as(close.toString()).isEqualTo(1000);
	}

	@Test
	void scenario09ForgedTokenIsUnauthorized() {
		String forged = token(Json.write(Json.map("uid", "x")), Instant.now().plusSeconds(3600)) + "x";
		CableClient client = env.client("/cable?token=" + forged).connect();
		client.expectNext(Json.obj("type", "disconnect", "reason", "unauthorized", "reconnect", false));
		assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
	}

	@Test
	void scenario09ExpiredToken() {
		String expired = token(Json.write(Json.map("uid", "x")), Instant.now().minusSeconds(60));
		CableClient client = env.client("/cable?token=" + expired).connect();
		client.expectNext(Json.obj("type", "disconnect", "reason", "token_expired", "reconnect", false));
		assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
	}

	@Test
	void scenario30HttpBroadcastNeedsTheDerivedKey() {
		String key = hmacHex(SECRET, "broadcast-cable");
		assertThat(key).isEqualTo("a239a7ca182c90fc32bdedf73703d271388cf433843affffd3a5e757041fc716");
		String body = Json.write(Json.map("stream", "s30", "data", "\"x\""));
		var uri = env.server().httpBroadcastUri();

		HttpResponse<String> anonymous = HttpBroadcastTarget.post(uri, body, null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		HttpResponse<String> wrong = HttpBroadcastTarget.post(uri, body, hmacHex("other", "broadcast-cable"));
		assertThat(wrong.statusCode()).isEqualTo(401);
		HttpResponse<String> authorized = HttpBroadcastTarget.post(uri, body, key);
		assertThat(authorized.statusCode()).isEqualTo(201);
	}

	/** An HS256 JWT with {@code ext} (the identifiers string) and {@code exp}. */
	static String token(String ext, Instant expiresAt) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
		String payload = base64.encodeToString(
				Json.write(Json.map("ext", ext, "exp", expiresAt.getEpochSecond())).getBytes(StandardCharsets.UTF_8));
		String signingInput = header + "." + payload;
		return signingInput + "." + base64.encodeToString(hmac(SECRET, signingInput));
	}

	static String hmacHex(String key, String message) {
		return HexFormat.of().formatHex(hmac(key, message));
	}

	private static byte[] hmac(String key, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
