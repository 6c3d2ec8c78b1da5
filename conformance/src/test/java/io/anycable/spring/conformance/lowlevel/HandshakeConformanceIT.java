package io.anycable.spring.conformance.lowlevel;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.conformance.support.AnyCableGoServer;
import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.RpcRecorder;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.CableClient.CloseInfo;
import io.anycable.spring.testsupport.Frames;
import io.anycable.spring.testsupport.FreePorts;
import io.anycable.spring.testsupport.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec §9 scenarios 1-8: the handshake (Connect) against a real anycable-go, with the
 * low-level {@code SocketConnectionFactory} SPI.
 */
class HandshakeConformanceIT {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(LowLevelConformanceApp.class,
			"--headers=cookie,x-api-token");

	private static String newSid(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	@Test
	void scenario01WelcomeCarriesTheSessionIdAndTheRpcSeesUrlAndMetadata() {
		CableClient client = env.client("/cable?uid=1&x=y").connect();

		JsonNode welcome = client.next(WAIT);
		String sid = welcome.path("sid").asText();
		assertThat(sid).as("welcome.sid").isNotEmpty();
		Json.assertJson("welcome", welcome, Json.obj("type", "welcome", "sid", sid));
		assertThat(client.subprotocol()).isEqualTo(CableClient.PROTOCOL);

		RpcRecorder.Call connect = env.rpc().await(sid, "Connect", WAIT);
		assertThat(connect.protov()).isEqualTo("v1");
		assertThat(connect.status().isOk()).isTrue();
		ConnectionRequest request = connect.request();
		assertThat(request.getEnv().getUrl()).isEqualTo(env.httpUrl("/cable?uid=1&x=y"));
		assertThat(request.getEnv().getHeadersMap()).containsEntry("REMOTE_ADDR", "127.0.0.1");
		assertThat(request.getEnv().getCstateMap()).isEmpty();
		ConnectionResponse response = connect.response();
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		Json.assertJson("identifiers", Json.parse(response.getIdentifiers()), Json.obj("uid", "1"));
		client.expectNoFrame(Duration.ofMillis(300));
	}

	@Test
	void scenario01SessionIdComesFromXRequestId() {
		String sid = newSid("s01");
		CableClient client = env.client("/cable").sid(sid).connect();

		client.expectNext(Json.obj("type", "welcome", "sid", sid));
		assertThat(env.rpc().calls(sid, "Connect")).hasSize(1);
	}

	@Test
	void scenario02RejectedConnectionGetsUnauthorizedThenClose1000() {
		String sid = newSid("s02");
		CableClient client = env.client("/cable?scenario=reject").sid(sid).connect();

		client.expectNext(Json.obj("type", "disconnect", "reason", "unauthorized", "reconnect", false));
		CloseInfo close = client.awaitClose(WAIT);
		assertThat(close.code()).as(close.toString()).isEqualTo(1000);
		assertThat(close.reason()).isEqualTo("Auth Failed");
		RpcRecorder.Call connect = env.rpc().await(sid, "Connect", WAIT);
		assertThat(((ConnectionResponse) connect.response()).getStatus()).isEqualTo(Status.FAILURE);
		sleep(1500); // the disconnect queue runs asynchronously
		assertThat(env.rpc().calls(sid, "Disconnect")).as("Disconnect calls of a rejected session").isEmpty();
	}

	@Test
	void scenario03ConnectErrorClosesWith1011AndNoFrame() {
		String sid = newSid("s03");
		CableClient client = env.client("/cable?scenario=error").sid(sid).connect();

		CloseInfo close = client.awaitClose(Duration.ofSeconds(4));
		assertThat(close.code()).as(close.toString()).isEqualTo(1011);
		assertThat(close.reason()).isEqualTo("Auth Error");
		assertThat(client.frames()).as("frames before the close").isEmpty();
		RpcRecorder.Call connect = env.rpc().await(sid, "Connect", WAIT);
		ConnectionResponse response = connect.response();
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).contains("Connect failed on purpose");
		assertThat(response.getTransmissionsList()).isEmpty();
	}

	// an anycable-go whose RPC server is unreachable; the embedded server has no RPC hop
	@Tag(ConformanceEnvironment.ANYCABLE_GO_ONLY)
	@Test
	void scenario03RpcServerDownClosesWith1011() {
		AnyCableGoServer orphan = env.startExtraServer("HandshakeConformanceIT-rpc-down",
				"127.0.0.1:" + FreePorts.find());
		CableClient client = env.client(orphan, "/cable").connect();

		// anycable-go retries UNAVAILABLE with back-off (100, 200, 400, 800, 1600 ms)
		// before giving up
		CloseInfo close = client.awaitClose(Duration.ofSeconds(8));
		assertThat(close.code()).as(close.toString()).isEqualTo(1011);
		assertThat(client.frames()).isEmpty();
	}

	@Test
	void scenario04ConnectionSeesTheRequestUrl() {
		CableClient accepted = env.client("/cable?scenario=request_url&test=request_url").connect();
		accepted.receive(Frames.welcome(), WAIT);

		CableClient refused = env.client("/cable?scenario=request_url&test=other").connect();
		assertThat(refused.next(WAIT).path("type").asText()).isEqualTo("disconnect");
		assertThat(refused.awaitClose(WAIT).code()).isEqualTo(1000);
	}

	@Test
	void scenario05CookiesAreProxied() {
		CableClient without = env.client("/cable?scenario=cookie").connect();
		without.expectNext(Json.obj("type", "disconnect", "reason", "unauthorized", "reconnect", false));
		assertThat(without.awaitClose(WAIT).code()).isEqualTo(1000);

		String sid = newSid("s05");
		CableClient with = env.client("/cable?scenario=cookie").sid(sid).cookie("username=john green").connect();
		with.receive(Frames.welcome(), WAIT);
		ConnectionRequest request = env.rpc().await(sid, "Connect", WAIT).request();
		assertThat(request.getEnv().getHeadersMap()).containsEntry("cookie", "username=john green");
	}

	@Test
	void scenario06CustomHeadersAreProxiedLowerCased() {
		CableClient without = env.client("/cable?scenario=header").connect();
		assertThat(without.next(WAIT).path("reason").asText()).isEqualTo("unauthorized");
		assertThat(without.awaitClose(WAIT).code()).isEqualTo(1000);

		String sid = newSid("s06");
		CableClient with = env.client("/cable?scenario=header")
			.sid(sid)
			.header("X-API-TOKEN", "abc")
			.header("X-Not-Proxied", "zzz")
			.connect();
		with.receive(Frames.welcome(), WAIT);
		ConnectionRequest request = env.rpc().await(sid, "Connect", WAIT).request();
		assertThat(request.getEnv().getHeadersMap()).containsEntry("x-api-token", "abc")
			.doesNotContainKey("x-not-proxied")
			.doesNotContainKey("X-Not-Proxied");
	}

	@Test
	void scenario07ServerPingsAfterWelcomeWithIncreasingTimestamps() {
		CableClient client = env.client("/cable?pi=1").keepPings().connect();

		client.receive(Frames.welcome(), WAIT);
		JsonNode first = client.receive(Frames.type("ping"), WAIT);
		JsonNode second = client.receive(Frames.type("ping"), WAIT);
		assertThat(first.path("message").isIntegralNumber()).as("ping message is an integer: " + first).isTrue();
		assertThat(second.path("message").asLong()).isGreaterThan(first.path("message").asLong());
		assertThat(first.size()).as("ping keys").isEqualTo(2);
	}

	@Test
	void scenario08ConnectionStateTravelsThroughAnyCableGo() {
		String sid = newSid("s08");
		CableClient client = env.client("/cable?scenario=cstate").sid(sid).connect();
		client.receive(Frames.welcome(), WAIT);
		ConnectionResponse connected = env.rpc().await(sid, "Connect", WAIT).response();
		assertThat(connected.getEnv().getCstateMap()).isEqualTo(java.util.Map.of("k", "v"));

		String probe = Json.identifier("StateProbe");
		client.subscribe(probe);
		client.expectNext(Json.obj("identifier", probe, "message", Json.obj("cstate", Json.obj("k", "v"))));
		client.expectNext(Json.obj("identifier", probe, "type", "confirm_subscription"));
		CommandMessage subscribe = env.rpc().await(sid, "Command", WAIT).request();
		assertThat(subscribe.getEnv().getCstateMap()).containsEntry("k", "v");
		assertThat(subscribe.getConnectionIdentifiers()).isEqualTo(connected.getIdentifiers());

		client.perform(probe, "set", "key", "other", "value", "1");
		client
			.expectNext(Json.obj("identifier", probe, "message", Json.obj("cstate", Json.obj("k", "v", "other", "1"))));

		client.perform(probe, "drop", "key", "k");
		client.expectNext(Json.obj("identifier", probe, "message", Json.obj("cstate", Json.obj("other", "1"))));

		// removing returned "k":"" and anycable-go deleted the key: the next call no
		// longer carries it
		client.perform(probe, "probe");
		client.expectNext(Json.obj("identifier", probe, "message", Json.obj("cstate", Json.obj("other", "1"))));
		List<RpcRecorder.Call> commands = env.rpc().calls(sid, "Command");
		CommandMessage last = commands.get(commands.size() - 1).request();
		assertThat(last.getEnv().getCstateMap()).isEqualTo(java.util.Map.of("other", "1"));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
