package io.anycable.spring.conformance.channels;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.RpcRecorder;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.CableClient.CloseInfo;
import io.anycable.spring.testsupport.Frames;
import io.anycable.spring.testsupport.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec §9 scenarios 12-22 and 35, plus the Connect scenarios 1-3 and 8 through the
 * channel framework's {@code CableConnectionFactory}, against a real anycable-go.
 */
class ChannelConformanceIT {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final Duration QUIET = Duration.ofMillis(500);

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(ChannelConformanceApp.class);

	private static String newSid(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	private CableClient connected(String pathAndQuery, String sid) {
		CableClient client = env.client(pathAndQuery).sid(sid).connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));
		return client;
	}

	// ---- Connect through CableConnectionFactory

	@Test
	void scenario01AcceptedConnectionIsWelcomedWithIdentifiers() {
		String sid = newSid("c01");
		connected("/cable?uid=7", sid);
		ConnectionResponse response = env.rpc().await(sid, "Connect", WAIT).response();
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		Json.assertJson("identifiers", Json.parse(response.getIdentifiers()), Json.obj("uid", "7"));
	}

	@Test
	void scenario02RejectedConnection() {
		String sid = newSid("c02");
		CableClient client = env.client("/cable?reject=1").sid(sid).connect();
		client.expectNext(Json.obj("type", "disconnect", "reason", "unauthorized", "reconnect", false));
		CloseInfo close = client.awaitClose(WAIT);
		assertThat(close.code()).as(close.toString()).isEqualTo(1000);
	}

	/**
	 * A rejection with a reason of the application's (issue #16: {@code token_expired}
	 * makes the AnyCable JS client refresh its token): that disconnect frame is the only
	 * one the client gets, then the socket closes as for any rejection.
	 */
	@Test
	void scenario02RejectedConnectionWithAReason() {
		String sid = newSid("c02r");
		CableClient client = env.client("/cable?reject=1&reason=token_expired").sid(sid).connect();
		client.expectNext(Json.obj("type", "disconnect", "reason", "token_expired", "reconnect", false));
		CloseInfo close = client.awaitClose(WAIT);
		assertThat(close.code()).as(close.toString()).isEqualTo(1000);
		assertThat(client.frames()).hasSize(1);
	}

	@Test
	void scenario03FailingConnectionFactory() {
		CableClient client = env.client("/cable?fail=1").connect();
		CloseInfo close = client.awaitClose(WAIT);
		assertThat(close.code()).as(close.toString()).isEqualTo(1011);
		assertThat(client.frames()).isEmpty();
	}

	@Test
	void scenario08ConnectionStateFromTheFactoryReachesChannelsAndCanBeRemoved() {
		String sid = newSid("c08");
		CableClient client = connected("/cable?uid=8&k=v", sid);
		String echo = Json.identifier("EchoChannel");
		client.subscribeConfirmed(echo);

		client.perform(echo, "whoami");
		client.expectNext(Json.obj("identifier", echo, "message", Json.obj("uid", "8", "k", "v")));
		client.perform(echo, "forget");
		client.expectNoFrame(QUIET);
		client.perform(echo, "whoami");
		client.expectNext(Json.obj("identifier", echo, "message", Json.obj("uid", "8", "k", null)));
		List<RpcRecorder.Call> commands = env.rpc().calls(sid, "Command");
		CommandMessage last = commands.get(commands.size() - 1).request();
		assertThat(last.getEnv().getCstateMap()).doesNotContainKey("k");
	}

	/**
	 * Scenario 11: on SIGTERM anycable-go disconnects every client and calls Disconnect
	 * once per session ({@code --disconnect_mode=always}) before it exits.
	 * <p>
	 * The close code is racy on anycable-go 1.5.2: {@code Session.Disconnect} queues the
	 * 1001 close frame to the writer goroutine and closes the TCP connection right away,
	 * so a client sometimes sees an abnormal closure (1006) after the
	 * {@code server_restart} frame instead of 1001.
	 */
	// SIGTERM to an anycable-go process; the embedded shutdown is
	// EmbeddedCableServerLifecycleTests
	@Tag(ConformanceEnvironment.ANYCABLE_GO_ONLY)
	@Test
	void scenario11ServerRestart() {
		io.anycable.spring.conformance.support.AnyCableGoServer restarting = env
			.startExtraServer("ChannelConformanceIT-restart", env.rpcHost(), "--disconnect_mode=always");
		List<String> sids = List.of(newSid("c11a"), newSid("c11b"), newSid("c11c"));
		List<CableClient> clients = new java.util.ArrayList<>();
		for (String sid : sids) {
			CableClient client = env.client(restarting, "/cable").sid(sid).connect();
			client.expectNext(Json.obj("type", "welcome", "sid", sid));
			client.subscribeConfirmed(Json.identifier("BasicChannel"));
			clients.add(client);
		}

		int mark = restarting.logMark();
		restarting.terminate();

		assertThat(restarting.awaitExit(Duration.ofSeconds(10))).as("anycable-go exited").isTrue();
		assertThat(String.join("\n", restarting.logSince(mark))).contains("Shutting down")
			.contains("closing active connections");
		for (CableClient client : clients) {
			CloseInfo close = client.awaitClose(WAIT);
			List<com.fasterxml.jackson.databind.JsonNode> frames = client.frames();
			Json.assertJson("last frame before the close", frames.get(frames.size() - 1),
					Json.obj("type", "disconnect", "reason", "server_restart", "reconnect", true));
			assertThat(close.code()).as(close.toString()).isIn(1001, 1006);
		}
		for (String sid : sids) {
			env.rpc().await(sid, "Disconnect", WAIT);
			assertThat(env.rpc().calls(sid, "Disconnect")).as("Disconnect calls of " + sid).hasSize(1);
			DisconnectRequest request = env.rpc().calls(sid, "Disconnect").get(0).request();
			assertThat(request.getSubscriptionsList()).containsExactly(Json.identifier("BasicChannel"));
		}
	}

	// ---- Subscriptions

	@Test
	void scenario12SubscriptionIsConfirmed() {
		CableClient client = connected("/cable", newSid("c12"));
		String id = Json.identifier("BasicChannel");
		client.subscribe(id);
		client.expectNext(Json.obj("identifier", id, "type", "confirm_subscription"));
		client.expectNoFrame(QUIET);
	}

	/**
	 * Clients match frames by the identifier string: whatever its key order, spacing and
	 * escapes, the confirmation and every transmission must carry it byte for byte.
	 */
	@Test
	void scenario12IdentifierIsEchoedByteForByte() {
		CableClient client = connected("/cable", newSid("c12b"));
		String id = "{ \"room\" : \"Z\\u00fcrich \u2713\", \"channel\":\"EchoChannel\" }";
		client.subscribe(id);
		com.fasterxml.jackson.databind.JsonNode confirm = client.next(WAIT);
		assertThat(confirm.path("identifier").textValue()).isEqualTo(id);
		assertThat(confirm.path("type").textValue()).isEqualTo("confirm_subscription");

		client.perform(id, "echo", "text", "h\u00e9llo \ud83d\udca1 \"quoted\" \\ </script>");
		com.fasterxml.jackson.databind.JsonNode echoed = client.next(WAIT);
		assertThat(echoed.path("identifier").textValue()).isEqualTo(id);
		Json.assertJson("message", echoed.path("message"),
				Json.obj("response", "h\u00e9llo \ud83d\udca1 \"quoted\" \\ </script>"));
	}

	@Test
	void scenario13RejectedSubscriptionAndNoRpcForItsMessages() {
		String sid = newSid("c13");
		CableClient client = connected("/cable", sid);
		String id = Json.identifier("BasicChannel", "reject", true);
		client.subscribe(id);
		client.expectNext(Json.obj("identifier", id, "type", "reject_subscription"));
		CommandResponse response = env.rpc().await(sid, "Command", WAIT).response();
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getStreamsList()).isEmpty();

		client.perform(id, "tick");
		client.expectNoFrame(QUIET);
		assertThat(env.rpc().calls(sid, "Command")).as("Command calls").hasSize(1);
	}

	@Test
	void scenario14SameChannelWithDifferentParams() {
		CableClient client = connected("/cable", newSid("c14"));
		String one = Json.identifier("BasicChannel", "id", 1);
		String two = Json.identifier("BasicChannel", "id", 2);
		client.subscribe(one);
		client.expectNext(Json.obj("identifier", one, "type", "confirm_subscription"));
		client.subscribe(two);
		client.expectNext(Json.obj("identifier", two, "type", "confirm_subscription"));
	}

	@Test
	void scenario15TransmissionsDuringSubscribeComeBeforeTheConfirmation() {
		CableClient client = connected("/cable", newSid("c15"));
		String id = Json.identifier("TransmitChannel");
		client.subscribe(id);
		client.expectNext(Json.obj("identifier", id, "message", "hello"));
		client.expectNext(Json.obj("identifier", id, "message", "world"));
		client.expectNext(Json.obj("identifier", id, "type", "confirm_subscription"));
	}

	@Test
	void scenario16ChannelSeesTheRequestParameters() {
		String id = Json.identifier("RequestChannel");
		CableClient with = connected("/cable?token=secret", newSid("c16a"));
		with.subscribe(id);
		with.expectNext(Json.obj("identifier", id, "type", "confirm_subscription"));

		CableClient without = connected("/cable?token=guess", newSid("c16b"));
		without.subscribe(id);
		without.expectNext(Json.obj("identifier", id, "type", "reject_subscription"));
	}

	@Test
	void scenario17DuplicateSubscribeMakesNoRpcAndNoFrame() {
		String sid = newSid("c17");
		CableClient client = connected("/cable", sid);
		String id = Json.identifier("BasicChannel");
		client.subscribeConfirmed(id);
		client.subscribe(id);
		client.expectNoFrame(QUIET);
		assertThat(env.rpc().calls(sid, "Command")).hasSize(1);
	}

	/**
	 * Scenario 18 as the starter answers it by default (issue #15): a subscribe whose
	 * channel throws is rejected ({@code anycable.reject-failed-subscriptions}), so the
	 * client sees {@code reject_subscription} instead of waiting for an answer
	 * anycable-go never sends after an ERROR, and a retry reaches the channel, which
	 * confirms now. {@link SubscribeErrorConformanceIT} pins the ERROR answer.
	 */
	@Test
	void scenario18FailedSubscribeIsRejectedAndMayBeRetried() {
		String sid = newSid("c18");
		CableClient client = connected("/cable", sid);
		String id = Json.identifier("BasicChannel", "failOnce", true);
		client.subscribe(id);
		client.expectNext(Json.obj("identifier", id, "type", "reject_subscription"));
		CommandResponse failed = env.rpc().await(sid, "Command", WAIT).response();
		assertThat(failed.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(failed.getErrorMsg()).contains("subscribe failed on purpose");
		assertThat(failed.getStreamsList()).isEmpty();

		client.subscribe(id);
		client.expectNext(Json.obj("identifier", id, "type", "confirm_subscription"));
		assertThat(env.rpc().calls(sid, "Command")).hasSize(2);
	}

	/**
	 * Issue #15: an unsubscribe whose channel throws is answered FAILURE with every
	 * stream stopped, which anycable-go takes as unsubscribed (an ERROR would keep the
	 * subscription, and wedge the session on 1.5.2): subscribing again is confirmed.
	 */
	@Test
	void failedUnsubscribeStillUnsubscribes() {
		String sid = newSid("c18u");
		CableClient client = connected("/cable", sid);
		String id = Json.identifier("BasicChannel", "failLeave", true);
		client.subscribeConfirmed(id);
		client.unsubscribe(id);
		CommandResponse failed = env.rpc()
			.await("unsubscribe of sid " + sid,
					(call) -> sid.equals(call.sid()) && "Command".equals(call.method())
							&& "unsubscribe".equals(call.<CommandMessage>request().getCommand()),
					WAIT)
			.response();
		assertThat(failed.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(failed.getErrorMsg()).contains("unsubscribe failed on purpose");
		assertThat(failed.getStopStreams()).isTrue();
		client.expectNoFrame(QUIET);

		client.subscribeConfirmed(id);
		assertThat(env.rpc().calls(sid, "Command")).hasSize(3);
	}

	// ---- Perform

	@Test
	void scenario19ActionWithoutArguments() {
		CableClient client = connected("/cable", newSid("c19"));
		String id = Json.identifier("EchoChannel");
		client.subscribeConfirmed(id);
		client.perform(id, "tick");
		client.expectNext(Json.obj("identifier", id, "message", "tock"));
	}

	@Test
	void scenario20ActionWithTypedPayload() {
		CableClient client = connected("/cable", newSid("c20"));
		String id = Json.identifier("EchoChannel");
		client.subscribeConfirmed(id);
		client.perform(id, "echo", "text", "hello");
		client.expectNext(Json.obj("identifier", id, "message", Json.obj("response", "hello")));
	}

	@Test
	void scenario21ChannelStateRoundTripsThroughAnyCableGo() {
		String sid = newSid("c21");
		CableClient client = connected("/cable", sid);
		String id = Json.identifier("StateChannel");
		client.subscribeConfirmed(id);
		client.perform(id, "tick");
		client.expectNext(Json.obj("identifier", id, "message", Json.obj("count", 3, "name", "chipolino")));
		client.perform(id, "tick");
		client.expectNext(Json.obj("identifier", id, "message", Json.obj("count", 5, "name", "chipolino")));

		List<RpcRecorder.Call> commands = env.rpc().calls(sid, "Command");
		CommandMessage second = commands.get(1).request();
		assertThat(second.getEnv().getIstateMap()).containsEntry("count", "1");
		Json.assertJson("istate user", Json.parse(second.getEnv().getIstateMap().get("user")),
				Json.obj("name", "chipolino"));
	}

	@Test
	void scenario22CommandClosingTheConnectionDeliversItsTransmissionsFirst() {
		CableClient client = connected("/cable", newSid("c22"));
		String id = Json.identifier("EchoChannel");
		client.subscribeConfirmed(id);
		client.perform(id, "bye");
		client.expectNext(Json.obj("identifier", id, "message", "bye"));
		client.expectNext(Json.obj("type", "disconnect", "reason", "bye", "reconnect", false));
		CloseInfo close = client.awaitClose(WAIT);
		if (ConformanceEnvironment.isEmbedded()) {
			// the embedded server closes normally with the same reason (docs/embedded.md)
			assertThat(close.code()).as(close.toString()).isEqualTo(1000);
			assertThat(close.reason()).isEqualTo("Command Failed");
			return;
		}
		// anycable-go 1.5.2 writes close code 1006 ("Command Failed") into the close
		// frame; 1006 must not
		// be sent on the wire (RFC 6455 7.4.1), so the JDK client reports a protocol
		// error instead
		assertThat(close.code() == 1006 || close.error() != null).as(close.toString()).isTrue();
	}

	// ---- Whisper (extended protocol)

	@Test
	void scenario35WhisperReachesTheOthersWithoutAnRpcCall() {
		String room = "whisper-" + UUID.randomUUID();
		String id = Json.identifier("WhisperChannel", "room", room);
		String senderSid = newSid("c35a");
		CableClient sender = env.client("/cable").sid(senderSid).extended().connect();
		assertThat(sender.subprotocol()).isEqualTo(CableClient.EXT_PROTOCOL);
		CableClient second = env.client("/cable").sid(newSid("c35b")).extended().connect();
		CableClient third = env.client("/cable").sid(newSid("c35c")).extended().connect();
		for (CableClient client : List.of(sender, second, third)) {
			client.receive(Frames.welcome(), WAIT);
			client.subscribeConfirmed(id);
		}
		CommandResponse subscribed = env.rpc().await(senderSid, "Command", WAIT).response();
		assertThat(subscribed.getEnv().getIstateMap()).containsEntry("$w", room);
		assertThat(subscribed.getStreamsList()).containsExactly(room);
		int rpcCalls = env.rpc().calls().size();

		sender.whisper(id, Map.of("event", "typing", "user", "Vova"));
		for (CableClient receiver : List.of(second, third)) {
			receiver.expectNext(Json.obj("identifier", id, "message", Json.obj("event", "typing", "user", "Vova")));
		}
		sender.expectNoFrame(QUIET);
		assertThat(env.rpc().calls()).as("RPC calls caused by a whisper").hasSize(rpcCalls);
	}

	/**
	 * A subscription rejected after {@code streamFrom(room, true)} must not leave the
	 * whisper stream ({@code $w}) in its state: anycable-go merges {@code env.istate}
	 * even from a FAILURE reply, and 1.5.2 serves {@code whisper} without checking the
	 * subscription, so a rejected client could whisper into the room. (Ruby clears it:
	 * Action Cable's reject calls {@code stop_all_streams}, which resets {@code $w}.)
	 */
	@Test
	void scenario35RejectedSubscriptionCannotWhisper() {
		String room = "whisper-" + UUID.randomUUID();
		String allowed = Json.identifier("WhisperChannel", "room", room);
		String rejected = Json.identifier("WhisperChannel", "room", room, "reject", true);
		CableClient member = env.client("/cable").sid(newSid("c35m")).extended().connect();
		member.receive(Frames.welcome(), WAIT);
		member.subscribeConfirmed(allowed);
		String intruderSid = newSid("c35i");
		CableClient intruder = env.client("/cable").sid(intruderSid).extended().connect();
		intruder.receive(Frames.welcome(), WAIT);
		intruder.subscribe(rejected);
		intruder.expectNext(Json.obj("identifier", rejected, "type", "reject_subscription"));

		CommandResponse response = env.rpc().await(intruderSid, "Command", WAIT).response();
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getStreamsList()).isEmpty();
		assertThat(response.getEnv().getIstateMap().getOrDefault("$w", ""))
			.as("$w returned with a rejected subscription")
			.isEmpty();

		intruder.whisper(rejected, Map.of("event", "intrusion"));
		member.expectNoFrame(QUIET);
	}

	/**
	 * A Command response larger than anycable-go's gRPC receive limit (4 MiB by default):
	 * grpc-go fails the call on the client side with RESOURCE_EXHAUSTED, which
	 * anycable-go treats as "server busy" and retries with back-off for about 3 s, so the
	 * action must run exactly once anyway.
	 */
	@Test
	void oversizedResponseDoesNotReRunTheAction() {
		String sid = newSid("big");
		CableClient client = connected("/cable", sid);
		String id = Json.identifier("EchoChannel");
		client.subscribeConfirmed(id);
		String tag = UUID.randomUUID().toString();
		client.perform(id, "big", "size", 5 * 1024 * 1024, "tag", tag);
		client.expectNoFrame(Duration.ofSeconds(6));
		assertThat(ConformanceChannels.bigCalls.getOrDefault(tag, 0))
			.as("runs of the action; RPC calls:\n" + RpcRecorder.describe(env.rpc().calls(sid, "Command")))
			.isEqualTo(1);
	}

	/**
	 * Scenario 39 (extended protocol + memory broker): the {@code sid} of our welcome
	 * lets a client restore its session on a new socket with no Connect RPC; the restored
	 * subscription keeps receiving broadcasts, and the old session still gets its
	 * Disconnect.
	 */
	// session restore needs anycable-go's broker
	@Tag(ConformanceEnvironment.ANYCABLE_GO_ONLY)
	@Test
	void scenario39SessionRestoreUsesOurWelcomeSid() {
		io.anycable.spring.conformance.support.AnyCableGoServer broker = env
			.startExtraServer("ChannelConformanceIT-broker", env.rpcHost(), "--broker=memory");
		io.anycable.spring.conformance.support.broadcast.BroadcastPublisher publisher = io.anycable.spring.conformance.support.broadcast.HttpBroadcastTarget.INSTANCE
			.publisher(broker);
		String stream = "restore-" + UUID.randomUUID();
		String id = Json.identifier("StreamChannel", "streams", List.of(stream));
		String sid = newSid("c39");
		CableClient first = env.client(broker, "/cable").sid(sid).extended().connect();
		first.expectNext(Json.obj("type", "welcome", "sid", sid));
		first.subscribeConfirmed(id);
		first.abort();

		String newSid = newSid("c39r");
		CableClient restored = env.client(broker, "/cable")
			.sid(newSid)
			.header("X-ANYCABLE-RESTORE-SID", sid)
			.extended()
			.connect();
		com.fasterxml.jackson.databind.JsonNode welcome = restored.next(WAIT);
		Json.assertJson("welcome", welcome, Json.obj("type", "welcome", "sid", newSid, "restored", true, "restored_ids",
				Json.MAPPER.valueToTree(List.of(id))));
		assertThat(env.rpc().calls(newSid, "Connect")).as("Connect calls of the restored session").isEmpty();

		publisher.broadcast(stream, "\"after restore\"");
		com.fasterxml.jackson.databind.JsonNode message = restored.next(WAIT);
		assertThat(message.path("identifier").textValue()).isEqualTo(id);
		assertThat(message.path("message").textValue()).isEqualTo("after restore");
		env.rpc().await(sid, "Disconnect", WAIT);
	}

}
