package io.anycable.spring.embedded;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.broadcast.BroadcastOptions;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.ChannelParam;
import io.anycable.spring.channel.annotation.ConnectionIdentifier;
import io.anycable.spring.channel.annotation.OnSubscribe;
import io.anycable.spring.channel.annotation.OnUnsubscribe;
import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.Json;
import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static io.anycable.spring.testsupport.Json.identifier;
import static io.anycable.spring.testsupport.Json.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded endpoint end to end: JDK WebSocket clients against the running server,
 * asserting the frames and close codes anycable-go would produce for the same channels
 * (protocol §2, §6, §9), and the origin check browsers need.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "anycable.embedded.enabled=true",
				"anycable.embedded.headers=cookie,x-api-token", "grpc.server.port=-1" })
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedCableServerTests {

	static final List<String> events = new CopyOnWriteArrayList<>();

	static final List<String> connectUrls = new CopyOnWriteArrayList<>();

	static final String ROOM1 = identifier("RoomChannel", "room", "1");

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedCableServer server;

	@Autowired
	private CableBroadcaster broadcaster;

	@BeforeEach
	void clearEvents() {
		events.clear();
	}

	// Disconnect calls run in the background, so an earlier test's may still arrive
	static List<String> eventsOf(String user) {
		return events.stream().filter((event) -> event.contains(user)).toList();
	}

	@Test
	void welcomeCarriesAGeneratedSidAndTheSubProtocolIsNegotiated() {
		try (CableClient client = CableClient.connect(this.port, "jane")) {
			JsonNode welcome = client.next();
			assertThat(welcome.path("type").asText()).isEqualTo("welcome");
			assertThat(welcome.path("sid").asText()).hasSize(21);
			assertThat(client.subprotocol()).isEqualTo("actioncable-v1-json");
		}
	}

	@Test
	void extendedProtocolWelcomeCarriesTheRequestIdAsSid() {
		try (CableClient client = CableClient.toCable(this.port, "?user=jane")
			.header("X-Request-ID", "request-42")
			.subprotocols("actioncable-v1-ext-json", "actioncable-v1-json")
			.connect()) {
			assertThat(client.next()).isEqualTo(Json.parse("{\"type\":\"welcome\",\"sid\":\"request-42\"}"));
			assertThat(client.subprotocol()).isEqualTo("actioncable-v1-ext-json");
		}
	}

	@Test
	void clientWithoutSubProtocolIsServedPlainActionCable() {
		try (CableClient client = CableClient.toCable(this.port, "?user=jane").subprotocols().connect()) {
			assertThat(client.next().path("type").asText()).isEqualTo("welcome");
			assertThat(client.subprotocol()).isEmpty();
			assertThat(client.subscribeConfirmed(ROOM1)).hasSize(3);
		}
	}

	@Test
	void foreignOriginIsRefusedBeforeTheUpgrade(CapturedOutput output) {
		// a page on another site opening the socket in a visitor's browser, cookie
		// included
		assertThat(CableClient.toCable(this.port, "?probe=foreign-origin")
			.header("Origin", "https://evil.example")
			.cookie("user=victim")
			.refusedStatus()).isEqualTo(403);
		assertThat(connectUrls).noneMatch((url) -> url.contains("probe=foreign-origin"));
		assertThat(output.getOut().lines().filter((line) -> line.contains("https://evil.example")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("WARN")
			.contains("anycable.embedded.allowed-origins");
	}

	@Test
	void sameServerUnderAnotherHostNameIsAnotherOrigin() {
		assertThat(CableClient.toCable(this.port, "?user=jane")
			.header("Origin", "http://localhost:" + this.port)
			.refusedStatus()).isEqualTo(403);
	}

	@Test
	void sameOriginIsAccepted() {
		try (CableClient client = CableClient.toCable(this.port, "")
			.header("Origin", "http://127.0.0.1:" + this.port)
			.cookie("user=jane")
			.connect()) {
			assertThat(client.next().path("type").asText()).isEqualTo("welcome");
		}
	}

	@Test
	void requestWithoutOriginIsAcceptedForNonBrowserClients() {
		try (CableClient client = CableClient.toCable(this.port, "").cookie("user=jane").connect()) {
			assertThat(client.next().path("type").asText()).isEqualTo("welcome");
		}
	}

	@Test
	void rejectedConnectionGetsUnauthorizedThenClose1000AndNoDisconnectCall() {
		try (CableClient client = CableClient.toCable(this.port, "").connect()) {
			assertThat(client.next())
				.isEqualTo(Json.parse("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}"));
			assertThat(client.awaitClose().code()).isEqualTo(1000);
		}
		try (CableClient witness = CableClient.welcomed(this.port, "witness")) {
			witness.closeAndWait();
		}
		await().atMost(CableClient.TIMEOUT).until(() -> events.contains("disconnected {\"user\":\"witness\"}"));
		// Disconnect calls run in the background: earlier tests' users may still be
		// reported
		assertThat(events)
			.allSatisfy((event) -> assertThat(event).matches("disconnected \\{\"user\":\"\\w+\"\\}|left .*"));
	}

	@Test
	void connectionErrorClosesWith1011WithoutAFrame() {
		try (CableClient client = CableClient.connect(this.port, "boom")) {
			assertThat(client.awaitClose().code()).isEqualTo(1011);
		}
	}

	@Test
	void connectionSeesTheHttpUrlTheProxiedHeadersAndTheRemoteAddress() {
		try (CableClient client = CableClient.toCable(this.port, "?room=1")
			.headers(Map.of("Cookie", "user=bob", "X-Api-Token", "abc", "X-Other", "no"))
			.connect()) {
			String sid = client.next().path("sid").asText();
			client.subscribeConfirmed(ROOM1);
			client.perform(ROOM1, Map.of("action", "request"));
			JsonNode request = client.next().path("message");
			assertThat(request.path("url").asText()).isEqualTo("http://127.0.0.1:" + this.port + "/cable?room=1");
			assertThat(request.path("headers")).isEqualTo(
					Json.parse("{\"cookie\":\"user=bob\",\"x-api-token\":\"abc\",\"REMOTE_ADDR\":\"127.0.0.1\"}"));
			assertThat(request.path("sid").asText()).isEqualTo(sid);
		}
	}

	@Test
	void subscribeTransmitsInOrderThenConfirms() {
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			assertThat(client.subscribeConfirmed(ROOM1)).containsExactly(message(ROOM1, "hello"),
					message(ROOM1, "world"),
					Json.parse("{\"identifier\":" + Json.write(ROOM1) + ",\"type\":\"confirm_subscription\"}"));
		}
	}

	@Test
	void rejectedSubscriptionIsNotTracked() {
		String secret = identifier("RoomChannel", "room", "secret");
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.subscribe(secret);
			assertThat(client.next())
				.isEqualTo(Json.parse("{\"identifier\":" + Json.write(secret) + ",\"type\":\"reject_subscription\"}"));
			client.perform(secret, Map.of("action", "tick"));
			client.assertNothingMore();
		}
	}

	@Test
	void duplicateSubscribeAndMessagesToUnknownIdentifiersAreIgnored() {
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.subscribeConfirmed(ROOM1);
			client.subscribe(ROOM1);
			client.perform(identifier("RoomChannel", "room", "2"), Map.of("action", "tick"));
			client.send(Map.of("command", "unsubscribe", "identifier", identifier("RoomChannel", "room", "3")));
			client.sendRaw("not json");
			client.assertNothingMore();
		}
	}

	@Test
	void actionsTransmitTheirResults() {
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.subscribeConfirmed(ROOM1);
			client.perform(ROOM1, Map.of("action", "tick"));
			assertThat(client.next()).isEqualTo(message(ROOM1, "tock"));
			client.perform(ROOM1, Map.of("action", "echo", "text", "hello"));
			assertThat(client.next()).isEqualTo(message(ROOM1, Map.of("response", "hello")));
		}
	}

	@Test
	void channelStateRoundTripsThroughTheSession() {
		try (CableClient client = CableClient.welcomed(this.port, "chipolino")) {
			client.subscribeConfirmed(ROOM1);
			client.perform(ROOM1, Map.of("action", "count"));
			assertThat(client.next()).isEqualTo(message(ROOM1, Map.of("count", 3, "name", "chipolino")));
			client.perform(ROOM1, Map.of("action", "count"));
			assertThat(client.next()).isEqualTo(message(ROOM1, Map.of("count", 5, "name", "chipolino")));
		}
	}

	@Test
	void connectionStateFromConnectReachesCommandsAndAnEmptyValueRemovesIt() {
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.subscribeConfirmed(ROOM1);
			client.perform(ROOM1, Map.of("action", "greeting"));
			assertThat(client.next()).isEqualTo(message(ROOM1, "hi jane"));
			client.perform(ROOM1, Map.of("action", "greeting"));
			assertThat(client.next()).isEqualTo(message(ROOM1, "gone"));
		}
	}

	@Test
	void subscribeThatFailsIsRejectedAndCanBeRetried() {
		String flaky = identifier("FlakyChannel");
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.subscribe(flaky);
			assertThat(client.next().path("type").asText()).isEqualTo("reject_subscription");
			client.assertNothingMore();
			assertThat(client.subscribeConfirmed(flaky)).hasSize(1);
		}
	}

	@Test
	void rejectedSubscriptionCannotWhisperToTheStreamItAskedFor() {
		String member = identifier("StreamChannel", "stream", "guarded");
		String intruder = identifier("StreamChannel", "stream", "guarded", "reject", "yes");
		try (CableClient sender = CableClient.welcomed(this.port, "mallory");
				CableClient other = CableClient.welcomed(this.port, "jane")) {
			other.subscribeConfirmed(member);
			sender.subscribe(intruder);
			assertThat(sender.next().path("type").asText()).isEqualTo("reject_subscription");
			sender.send(Map.of("command", "whisper", "identifier", intruder, "data", "psst"));
			sender.assertNothingMore();
			other.assertNothingMore();
		}
	}

	@Test
	void failingActionSendsNothingAndKeepsTheSubscription() {
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.subscribeConfirmed(ROOM1);
			client.perform(ROOM1, Map.of("action", "boom"));
			client.assertNothingMore();
			client.perform(ROOM1, Map.of("action", "tick"));
			assertThat(client.next()).isEqualTo(message(ROOM1, "tock"));
		}
	}

	@Test
	void broadcastsReachEverySubscriberDecodedUntilTheyUnsubscribe() {
		String a = identifier("StreamChannel", "stream", "fan-out");
		try (CableClient first = CableClient.welcomed(this.port, "jane");
				CableClient second = CableClient.welcomed(this.port, "john")) {
			first.subscribeConfirmed(a);
			second.subscribeConfirmed(a);
			this.server.broadcast("fan-out", "{\"data\":\"X\"}", null);
			this.server.broadcast("fan-out", "<script>", null);
			this.server.broadcast("fan-out", "\"quoted\"", null);
			for (CableClient client : List.of(first, second)) {
				assertThat(client.next()).isEqualTo(message(a, Map.of("data", "X")));
				assertThat(client.next()).isEqualTo(message(a, "<script>"));
				assertThat(client.next()).isEqualTo(message(a, "quoted"));
			}
			first.send(Map.of("command", "unsubscribe", "identifier", a));
			first.assertNothingMore();
			this.server.broadcast("fan-out", "2", null);
			assertThat(second.next()).isEqualTo(message(a, 2));
			first.assertNothingMore();
		}
	}

	@Test
	void batchedBroadcastsArriveInOrder() {
		String a = identifier("StreamChannel", "stream", "ordered");
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.subscribeConfirmed(a);
			for (int i = 0; i < 200; i++) {
				this.server.broadcast("ordered", String.valueOf(i), null);
			}
			for (int i = 0; i < 200; i++) {
				assertThat(client.next()).isEqualTo(message(a, i));
			}
		}
	}

	@Test
	void sameStreamThroughTwoIdentifiersGivesOneFramePerIdentifier() {
		String one = identifier("StreamChannel", "stream", "shared", "id", "1");
		String two = identifier("StreamChannel", "stream", "shared", "id", "2");
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.subscribeConfirmed(one);
			client.subscribeConfirmed(two);
			this.server.broadcast("shared", "{\"n\":1}", null);
			assertThat(List.of(client.next(), client.next())).containsExactlyInAnyOrder(message(one, Map.of("n", 1)),
					message(two, Map.of("n", 1)));
			client.assertNothingMore();
		}
	}

	@Test
	void stopStreamFromStopsOnlyThatStream() {
		String a = identifier("StreamChannel", "stream", "stop-a");
		String b = identifier("StreamChannel", "stream", "stop-b");
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.subscribeConfirmed(a);
			client.subscribeConfirmed(b);
			client.perform(a, Map.of("action", "stop"));
			client.assertNothingMore();
			this.server.broadcast("stop-a", "1", null);
			this.server.broadcast("stop-b", "2", null);
			assertThat(client.next()).isEqualTo(message(b, 2));
			client.assertNothingMore();
		}
	}

	@Test
	void whisperReachesTheOthersOnTheStreamButNotTheSender() {
		String a = identifier("StreamChannel", "stream", "whisper");
		try (CableClient sender = CableClient.welcomed(this.port, "vova");
				CableClient first = CableClient.welcomed(this.port, "jane");
				CableClient second = CableClient.welcomed(this.port, "john")) {
			for (CableClient client : List.of(sender, first, second)) {
				client.subscribeConfirmed(a);
			}
			sender
				.send(Map.of("command", "whisper", "identifier", a, "data", Map.of("event", "typing", "user", "Vova")));
			assertThat(first.next()).isEqualTo(message(a, Map.of("event", "typing", "user", "Vova")));
			assertThat(second.next()).isEqualTo(message(a, Map.of("event", "typing", "user", "Vova")));
			sender.assertNothingMore();
		}
	}

	@Test
	void whisperIsIgnoredWhereTheChannelDidNotEnableIt() {
		try (CableClient sender = CableClient.welcomed(this.port, "vova");
				CableClient other = CableClient.welcomed(this.port, "jane")) {
			String lobby = identifier("LobbyChannel");
			sender.subscribeConfirmed(lobby);
			other.subscribeConfirmed(lobby);
			sender.send(Map.of("command", "whisper", "identifier", lobby, "data", "psst"));
			other.assertNothingMore();
		}
	}

	@Test
	void broadcastExcludingTheSenderSocket() {
		try (CableClient sender = CableClient.welcomed(this.port, "vova");
				CableClient other = CableClient.welcomed(this.port, "jane")) {
			sender.subscribeConfirmed(ROOM1);
			other.subscribeConfirmed(ROOM1);
			sender.perform(ROOM1, Map.of("action", "shout", "text", "hi all"));
			assertThat(other.next()).isEqualTo(message(ROOM1, Map.of("text", "hi all")));
			sender.assertNothingMore();
		}
	}

	@Test
	void commandThatClosesTheConnectionSendsItsFramesFirst() {
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.subscribeConfirmed(ROOM1);
			client.perform(ROOM1, Map.of("action", "logout"));
			assertThat(client.next()).isEqualTo(message(ROOM1, "bye"));
			assertThat(client.next())
				.isEqualTo(Json.parse("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}"));
			assertThat(client.awaitClose().code()).isEqualTo(1000);
		}
	}

	@Test
	void disconnectRunsEveryUnsubscribeCallbackWithItsStateThenTheConnectionCallback() {
		try (CableClient watcher = CableClient.welcomed(this.port, "watcher")) {
			watcher.subscribeConfirmed(identifier("LobbyChannel"));
			CableClient leaving = CableClient.welcomed(this.port, "chipollone");
			leaving.subscribeConfirmed(ROOM1);
			leaving.subscribeConfirmed(identifier("RoomChannel", "room", "2"));
			leaving.closeAndWait();
			assertThat(List.of(watcher.next(), watcher.next())).containsExactly(
					message(identifier("LobbyChannel"), "user left 1: chipollone"),
					message(identifier("LobbyChannel"), "user left 2: chipollone"));
			await().atMost(CableClient.TIMEOUT).until(() -> eventsOf("chipollone").size() == 3);
			assertThat(eventsOf("chipollone")).containsExactly("left 1: chipollone", "left 2: chipollone",
					"disconnected {\"user\":\"chipollone\"}");
		}
	}

	@Test
	void remoteDisconnectClosesEverySessionOfTheIdentifiers() {
		try (CableClient first = CableClient.welcomed(this.port, "remote");
				CableClient second = CableClient.welcomed(this.port, "remote");
				CableClient other = CableClient.welcomed(this.port, "jane")) {
			this.server.disconnect("{\"user\":\"remote\"}", true);
			for (CableClient client : List.of(first, second)) {
				assertThat(client.next())
					.isEqualTo(Json.parse("{\"type\":\"disconnect\",\"reason\":\"remote\",\"reconnect\":true}"));
				assertThat(client.awaitClose().code()).isEqualTo(1000);
			}
			other.assertNothingMore();
			await().atMost(CableClient.TIMEOUT)
				.until(() -> events.stream().filter("disconnected {\"user\":\"remote\"}"::equals).count() == 2);
		}
	}

	@Test
	void pingsCarryIncreasingUnixSecondsAtTheRequestedInterval() {
		try (CableClient client = CableClient.toCable(this.port, "?user=jane&pi=1").connect()) {
			client.next();
			long before = System.currentTimeMillis() / 1000;
			List<JsonNode> pings = List.of(client.nextPing(), client.nextPing(), client.nextPing());
			assertThat(pings).allSatisfy((ping) -> {
				assertThat(ping.path("type").asText()).isEqualTo("ping");
				assertThat(ping.path("message").isIntegralNumber()).isTrue();
				assertThat(ping.path("message").asLong()).isBetween(before, before + 5);
			});
			assertThat(pings.get(2).path("message").asLong()).isGreaterThan(pings.get(0).path("message").asLong());
		}
	}

	@Test
	void messageAboveTheSizeLimitClosesWith1009() {
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.perform(ROOM1, Map.of("action", "echo", "text", "x".repeat(70 * 1024)));
			assertThat(client.awaitClose().code()).isEqualTo(1009);
		}
	}

	@Test
	void historyIsRejectedForLackOfABroker() {
		try (CableClient client = CableClient.toCable(this.port, "?user=jane").extended().connect()) {
			client.next();
			client.subscribeConfirmed(ROOM1);
			client.send(Map.of("command", "history", "identifier", ROOM1, "history", Map.of("since", 0)));
			assertThat(client.next())
				.isEqualTo(Json.parse("{\"type\":\"reject_history\",\"identifier\":" + Json.write(ROOM1) + "}"));
		}
	}

	@Test
	void cableBroadcasterDeliversInProcessWithBatchesInOrder() {
		String lobby = identifier("LobbyChannel");
		try (CableClient client = CableClient.welcomed(this.port, "jane")) {
			client.subscribeConfirmed(lobby);
			this.broadcaster.broadcast("lobby", Map.of("n", 1));
			this.broadcaster.batch(() -> {
				this.broadcaster.broadcast("lobby", "two");
				this.broadcaster.broadcast("nobody-listens", "lost");
				this.broadcaster.broadcast("lobby", 3);
			});
			assertThat(List.of(client.next(), client.next(), client.next()))
				.containsExactly(message(lobby, Map.of("n", 1)), message(lobby, "two"), message(lobby, 3));
		}
	}

	@Test
	void cableBroadcasterRemoteDisconnect() {
		try (CableClient client = CableClient.welcomed(this.port, "kicked")) {
			this.broadcaster.disconnect("{\"user\":\"kicked\"}", false);
			assertThat(client.next())
				.isEqualTo(Json.parse("{\"type\":\"disconnect\",\"reason\":\"remote\",\"reconnect\":false}"));
			assertThat(client.awaitClose().code()).isEqualTo(1000);
		}
	}

	@Test
	void toOthersFromAnHttpRequestLeavesOutTheSocketOfItsXSocketIdHeader() throws Exception {
		String lobby = identifier("LobbyChannel");
		try (CableClient sender = CableClient.welcomed(this.port, "vova");
				CableClient other = CableClient.welcomed(this.port, "jane")) {
			sender.subscribeConfirmed(lobby);
			other.subscribeConfirmed(lobby);
			sender.subscribeConfirmed(ROOM1);
			sender.perform(ROOM1, Map.of("action", "request"));
			String sid = sender.next().path("message").path("sid").asText();
			HttpResponse<Void> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/lobby"))
					.header("X-Socket-ID", sid)
					.header("Content-Type", "text/plain")
					.timeout(CableClient.TIMEOUT)
					.POST(BodyPublishers.ofString("hello from http"))
					.build(), BodyHandlers.discarding());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(other.next()).isEqualTo(message(lobby, "hello from http"));
			sender.assertNothingMore();
		}
	}

	record Echo(String text) {
	}

	record Counted(int count, String name) {
	}

	@AnyCableChannel("RoomChannel")
	static class RoomChannel {

		private final CableBroadcaster broadcaster;

		RoomChannel(CableBroadcaster broadcaster) {
			this.broadcaster = broadcaster;
		}

		@OnSubscribe
		void subscribed(ChannelHandle handle, @ChannelParam String room, @ConnectionIdentifier("user") String user) {
			if (room.equals("secret")) {
				handle.reject();
				return;
			}
			handle.transmit("hello");
			handle.transmit("world");
			handle.streamFrom("room:" + room);
			handle.state().put("name", user);
			handle.state().put("count", 1);
		}

		@OnUnsubscribe
		void unsubscribed(ChannelHandle handle, @ChannelParam String room) {
			String name = handle.state().get("name", String.class).orElse("nobody");
			events.add("left " + room + ": " + name);
			this.broadcaster.broadcast("lobby", "user left " + room + ": " + name);
		}

		@Action
		String tick() {
			return "tock";
		}

		@Action
		Map<String, String> echo(Echo echo) {
			return Map.of("response", echo.text());
		}

		@Action
		Counted count(ChannelHandle handle) {
			int count = handle.state().get("count", Integer.class).orElseThrow() + 2;
			handle.state().put("count", count);
			return new Counted(count, handle.state().get("name", String.class).orElseThrow());
		}

		@Action
		void shout(ChannelHandle handle, Echo echo, @ChannelParam String room) {
			this.broadcaster.broadcast("room:" + room, Map.of("text", echo.text()),
					BroadcastOptions.defaults().excludeSocket(handle.sid()));
		}

		@Action
		Map<String, Object> request(ChannelHandle handle) {
			return Map.of("url", handle.request().url(), "headers", handle.request().headers(), "sid", handle.sid());
		}

		@Action
		String greeting(ChannelHandle handle) {
			String greeting = handle.connectionState().get("greeting", String.class).orElse("gone");
			handle.connectionState().remove("greeting");
			return greeting;
		}

		@Action
		void logout(ChannelHandle handle) {
			handle.transmit("bye");
			handle.closeConnection("unauthorized", false);
		}

		@Action
		void boom() {
			throw new IllegalStateException("kaboom");
		}

	}

	@AnyCableChannel("StreamChannel")
	static class StreamChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle, @ChannelParam String stream,
				@ChannelParam(required = false) String reject) {
			handle.streamFrom(stream, true);
			if (reject != null) {
				handle.reject();
			}
		}

		@Action
		void stop(ChannelHandle handle, @ChannelParam String stream) {
			handle.stopStreamFrom(stream);
		}

	}

	@AnyCableChannel("FlakyChannel")
	static class FlakyChannel {

		private final AtomicInteger attempts = new AtomicInteger();

		@OnSubscribe
		void subscribed() {
			if (this.attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("first attempt fails");
			}
		}

	}

	@AnyCableChannel("LobbyChannel")
	static class LobbyChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle) {
			handle.streamFrom("lobby");
		}

	}

	@RestController
	static class LobbyController {

		private final CableBroadcaster broadcaster;

		LobbyController(CableBroadcaster broadcaster) {
			this.broadcaster = broadcaster;
		}

		@PostMapping("/lobby")
		void post(@RequestBody String text) {
			this.broadcaster.broadcast("lobby", text, BroadcastOptions.defaults().toOthers());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ RoomChannel.class, StreamChannel.class, LobbyChannel.class, FlakyChannel.class, LobbyController.class })
	static class Config {

		@Bean
		CableConnectionFactory cableConnectionFactory() {
			return new CableConnectionFactory() {

				@Override
				public CableConnection connect(CableRequest request) {
					connectUrls.add(request.url());
					String user = request.param("user").or(() -> request.cookie("user")).orElse("");
					if (user.isEmpty()) {
						return CableConnection.reject();
					}
					if (user.equals("boom")) {
						throw new IllegalStateException("users service unavailable");
					}
					return CableConnection.accept(Map.of("user", user)).withState("greeting", "hi " + user);
				}

				@Override
				public void disconnect(CableIdentifiers identifiers, CableRequest request) {
					events.add("disconnected " + identifiers.json());
				}

			};
		}

	}

}
