package io.anycable.spring.conformance.channels;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.RpcRecorder;
import io.anycable.spring.conformance.support.broadcast.BroadcastPublisher;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.CableClient.CloseInfo;
import io.anycable.spring.testsupport.Frames;
import io.anycable.spring.testsupport.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spec §9 scenarios that involve broadcasts (10, 23-29, 31-33), run once per broadcast
 * transport: a subclass registers a {@link ConformanceEnvironment} with
 * {@code .broadcastVia(<transport>)} and returns it from {@link #env()}. Broadcasts
 * issued by the application itself (actions, unsubscribe callbacks) go through the same
 * transport.
 */
abstract class AbstractBroadcastConformance {

	static final Duration WAIT = Duration.ofSeconds(5);

	/** How long "nothing arrives" is observed. */
	static final Duration QUIET = Duration.ofMillis(500);

	/**
	 * Return the environment of the subclass.
	 * @return the environment
	 */
	abstract ConformanceEnvironment env();

	BroadcastPublisher publisher() {
		return env().publisher();
	}

	private static final Set<ConformanceEnvironment> ready = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/**
	 * Wait until a broadcast makes it end to end once per environment: anycable-go
	 * subscribes to a broker (Redis channel, Redis Streams consumer group, NATS subject)
	 * asynchronously after it reports healthy, and a publication sent before that is
	 * lost.
	 */
	@org.junit.jupiter.api.BeforeEach
	void awaitBroadcastsFlow() {
		if (ready.contains(env())) {
			return;
		}
		String stream = unique("ready");
		String id = streams(stream);
		CableClient probe = connected("/cable", unique("ready"));
		probe.subscribeConfirmed(id);
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
		while (true) {
			publisher().broadcast(stream, "\"ping\"");
			try {
				probe.receive(Frames.message(id), Duration.ofMillis(300));
				break;
			}
			catch (AssertionError ex) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("Broadcasts via " + publisher().transport() + " never arrived", ex);
				}
			}
		}
		probe.close();
		ready.add(env());
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	CableClient connected(String pathAndQuery, String sid) {
		CableClient client = env().client(pathAndQuery).sid(sid).name(sid).connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));
		return client;
	}

	static String streams(String... streams) {
		return Json.identifier("StreamChannel", "streams", List.of(streams));
	}

	@Test
	void scenario10RemoteDisconnectClosesTheSessionAndCallsDisconnect() {
		String sid = unique("b10");
		CableClient client = connected("/cable?uid=26", sid);
		ConnectionResponse connected = env().rpc().await(sid, "Connect", WAIT).response();
		Json.assertJson("identifiers", Json.parse(connected.getIdentifiers()), Json.obj("uid", "26"));

		publisher().remoteDisconnect(connected.getIdentifiers(), true);

		client.expectNext(Json.obj("type", "disconnect", "reason", "remote", "reconnect", true));
		CloseInfo close = client.awaitClose(WAIT);
		assertThat(close.code()).as(close.toString()).isEqualTo(1000);
		assertThat(close.reason()).isEqualTo("Closed remotely");
		DisconnectRequest disconnect = env().rpc().await(sid, "Disconnect", WAIT).request();
		assertThat(disconnect.getIdentifiers()).isEqualTo(connected.getIdentifiers());
	}

	@Test
	void scenario23BroadcastDataIsDecodedJsonOrTheRawString() {
		String stream = unique("b23");
		String id = streams(stream);
		CableClient client = connected("/cable", unique("b23"));
		client.subscribeConfirmed(id);

		publisher().broadcast(stream, Json.write(Json.map("data", "X")));
		client.expectNext(Json.obj("identifier", id, "message", Json.obj("data", "X")));

		publisher().broadcast(stream, Json.write("<script>alert('Message!')</script>"));
		client.expectNext(Json.obj("identifier", id, "message", "<script>alert('Message!')</script>"));

		publisher().broadcast(stream, "plain text, not JSON");
		client.expectNext(Json.obj("identifier", id, "message", "plain text, not JSON"));

		publisher().broadcast(stream, "[1,{\"nested\":true},null]");
		client.expectNext(Json.obj("identifier", id, "message", Json.parse("[1,{\"nested\":true},null]")));
	}

	@Test
	void scenario24MultipleStreamsAndNothingAfterUnsubscribe() {
		String a = unique("b24a");
		String b = unique("b24b");
		String id = streams(a, b);
		String sid = unique("b24");
		CableClient client = connected("/cable", sid);
		client.subscribeConfirmed(id);
		CommandResponse subscribed = env().rpc().await(sid, "Command", WAIT).response();
		assertThat(subscribed.getStreamsList()).containsExactly(a, b);

		publisher().broadcast(a, Json.write(Json.map("from", "a")));
		client.expectNext(Json.obj("identifier", id, "message", Json.obj("from", "a")));
		publisher().broadcast(b, Json.write(Json.map("from", "b")));
		client.expectNext(Json.obj("identifier", id, "message", Json.obj("from", "b")));

		client.unsubscribe(id);
		env().rpc()
			.await("unsubscribe of " + sid,
					(call) -> sid.equals(call.sid()) && "Command".equals(call.method())
							&& "unsubscribe"
								.equals(((io.anycable.spring.rpc.proto.CommandMessage) call.request()).getCommand()),
					WAIT);
		client.expectNoFrame(Duration.ofMillis(300)); // Action Cable has no
														// unsubscription ack
		publisher().broadcast(a, Json.write(Json.map("from", "a")));
		publisher().broadcast(b, Json.write(Json.map("from", "b")));
		client.expectNoFrame(QUIET);
	}

	@Test
	void scenario25ManyClientsAndOneUnsubscribes() {
		String stream = unique("b25");
		String id = streams(stream);
		CableClient first = connected("/cable", unique("b25a"));
		CableClient second = connected("/cable", unique("b25b"));
		first.subscribeConfirmed(id);
		second.subscribeConfirmed(id);

		publisher().broadcast(stream, "\"to both\"");
		first.expectNext(Json.obj("identifier", id, "message", "to both"));
		second.expectNext(Json.obj("identifier", id, "message", "to both"));

		first.unsubscribe(id);
		first.expectNoFrame(QUIET);
		publisher().broadcast(stream, "\"to the second\"");
		second.expectNext(Json.obj("identifier", id, "message", "to the second"));
		first.expectNoFrame(QUIET);
	}

	@Test
	void scenario26SameStreamInTwoSubscriptionsGivesOneFramePerIdentifier() {
		String stream = unique("b26");
		String one = Json.identifier("StreamChannel", "streams", List.of(stream), "id", 1);
		String two = Json.identifier("StreamChannel", "streams", List.of(stream), "id", 2);
		CableClient client = connected("/cable", unique("b26"));
		client.subscribeConfirmed(one);
		client.subscribeConfirmed(two);

		publisher().broadcast(stream, "\"once\"");
		Set<JsonNode> frames = new HashSet<>();
		frames.add(client.next(WAIT));
		frames.add(client.next(WAIT));
		assertThat(frames).containsExactlyInAnyOrder(Json.obj("identifier", one, "message", "once"),
				Json.obj("identifier", two, "message", "once"));
		client.expectNoFrame(QUIET);
	}

	@Test
	void scenario27StopStreamFrom() {
		String a = unique("b27a");
		String b = unique("b27b");
		String id = streams(a, b);
		String sid = unique("b27");
		CableClient client = connected("/cable", sid);
		client.subscribeConfirmed(id);

		client.perform(id, "stop", "stream", a);
		RpcRecorder.Call stop = env().rpc()
			.await("stop of " + sid,
					(call) -> sid.equals(call.sid()) && "Command".equals(call.method())
							&& "message"
								.equals(((io.anycable.spring.rpc.proto.CommandMessage) call.request()).getCommand()),
					WAIT);
		CommandResponse response = stop.response();
		assertThat(response.getStoppedStreamsList()).containsExactly(a);
		assertThat(response.getStopStreams()).isFalse();
		client.expectNoFrame(Duration.ofMillis(200));

		publisher().broadcast(a, "\"from a\"");
		publisher().broadcast(b, "\"from b\"");
		client.expectNext(Json.obj("identifier", id, "message", "from b"));
		client.expectNoFrame(QUIET);
	}

	@Test
	void scenario28BroadcastToOthersExcludesTheSender() {
		String stream = unique("b28");
		String id = streams(stream);
		List<CableClient> clients = new ArrayList<>();
		for (String name : List.of("b28a", "b28b", "b28c")) {
			CableClient client = connected("/cable", unique(name));
			client.subscribeConfirmed(id);
			clients.add(client);
		}

		clients.get(0).perform(id, "shout", "stream", stream, "text", "hi all");
		clients.get(1).expectNext(Json.obj("identifier", id, "message", Json.obj("text", "hi all")));
		clients.get(2).expectNext(Json.obj("identifier", id, "message", Json.obj("text", "hi all")));
		clients.get(0).expectNoFrame(QUIET);
	}

	@Test
	void scenario29BatchIsDeliveredInOrder() {
		String stream = unique("b29");
		String id = streams(stream);
		CableClient client = connected("/cable", unique("b29"));
		client.subscribeConfirmed(id);

		publisher().broadcastBatch(List.of(java.util.Map.entry(stream, "1"), java.util.Map.entry(stream, "2"),
				java.util.Map.entry(stream, "\"3\"")));
		client.expectNext(Json.obj("identifier", id, "message", 1));
		client.expectNext(Json.obj("identifier", id, "message", 2));
		client.expectNext(Json.obj("identifier", id, "message", "3"));
	}

	@Test
	void scenario31DisconnectRunsUnsubscribeOfEveryChannel() {
		String roomA = unique("b31a");
		String roomB = unique("b31b");
		String observed = streams(roomA, roomB);
		CableClient observer = connected("/cable", unique("b31-observer"));
		observer.subscribeConfirmed(observed);

		String sid = unique("b31");
		CableClient leaving = connected("/cable", sid);
		String a = Json.identifier("LeaveAChannel", "room", roomA);
		String b = Json.identifier("LeaveBChannel", "room", roomB);
		leaving.subscribeConfirmed(a);
		leaving.subscribeConfirmed(b);
		leaving.close();

		DisconnectRequest request = env().rpc().await(sid, "Disconnect", WAIT).request();
		assertThat(request.getSubscriptionsList()).containsExactlyInAnyOrder(a, b);
		// one frame per room, both on the observer's single subscription
		observer.expectNext(Json.obj("identifier", observed, "message", Json.obj("data", "user left")));
		observer.expectNext(Json.obj("identifier", observed, "message", Json.obj("data", "user left")));
		DisconnectResponse response = env().rpc().await(sid, "Disconnect", WAIT).response();
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
	}

	@Test
	void scenario32DisconnectRunsUnsubscribeOfEverySubscriptionOfOneChannel() {
		String room = unique("b32");
		String observed = streams(room);
		CableClient observer = connected("/cable", unique("b32-observer"));
		observer.subscribeConfirmed(observed);

		String sid = unique("b32");
		CableClient leaving = connected("/cable", sid);
		leaving.subscribeConfirmed(Json.identifier("LeaveAChannel", "room", room, "id", 1));
		leaving.subscribeConfirmed(Json.identifier("LeaveAChannel", "room", room, "id", 2));
		leaving.close();

		Set<JsonNode> frames = new HashSet<>(List.of(observer.next(WAIT), observer.next(WAIT)));
		assertThat(frames).containsExactlyInAnyOrder(
				Json.obj("identifier", observed, "message", Json.obj("data", "user left1")),
				Json.obj("identifier", observed, "message", Json.obj("data", "user left2")));
	}

	@Test
	void scenario33DisconnectRestoresTheChannelState() {
		String room = unique("b33");
		String observed = streams(room);
		CableClient observer = connected("/cable", unique("b33-observer"));
		observer.subscribeConfirmed(observed);

		String sid = unique("b33");
		CableClient leaving = connected("/cable", sid);
		String id = Json.identifier("LeaveAChannel", "room", room, "name", "chipollone");
		leaving.subscribeConfirmed(id);
		leaving.close();

		observer.expectNext(Json.obj("identifier", observed, "message", Json.obj("data", "user left: chipollone")));
		DisconnectRequest request = env().rpc().await(sid, "Disconnect", WAIT).request();
		Json.assertJson("Disconnect env.istate[" + id + "]", Json.parse(request.getEnv().getIstateMap().get(id)),
				Json.obj("name", "\"chipollone\""));
	}

	/**
	 * Action Cable channels commonly call {@code stop_all_streams} in
	 * {@code unsubscribed}; during a Disconnect call the framework must accept that
	 * (streams are moot: anycable-go drops them itself) instead of failing the whole
	 * Disconnect.
	 */
	@Test
	void scenario31StopAllStreamsInUnsubscribeDuringDisconnect() {
		String room = unique("b31s");
		String observed = streams(room);
		CableClient observer = connected("/cable", unique("b31s-observer"));
		observer.subscribeConfirmed(observed);

		String sid = unique("b31s");
		CableClient leaving = connected("/cable", sid);
		leaving.subscribeConfirmed(Json.identifier("LeaveBChannel", "room", room, "cleanup", true));
		leaving.close();

		DisconnectResponse response = env().rpc().await(sid, "Disconnect", WAIT).response();
		assertThat(response.getStatus()).as("Disconnect status (error_msg: " + response.getErrorMsg() + ")")
			.isEqualTo(Status.SUCCESS);
		observer.expectNext(Json.obj("identifier", observed, "message", Json.obj("data", "user left")));
	}

}
