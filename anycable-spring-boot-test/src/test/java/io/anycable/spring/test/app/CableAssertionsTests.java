package io.anycable.spring.test.app;

import java.util.Map;

import io.anycable.spring.boot.test.autoconfigure.AnyCableTest;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.protocol.Publications;
import io.anycable.spring.test.CableTester;
import io.anycable.spring.test.CableTestRequest;
import io.anycable.spring.test.BroadcastRecorder;
import io.anycable.spring.test.TestConnection;
import io.anycable.spring.test.TestSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import static io.anycable.spring.test.CableAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every assertion fails, when it should, with a message that says what was expected and
 * what happened.
 */
@AnyCableTest
@Import(Greeter.class)
class CableAssertionsTests {

	@Autowired
	private CableTester cable;

	@Autowired
	private BroadcastRecorder broadcaster;

	private TestSubscription room;

	@BeforeEach
	void subscribe() {
		this.room = this.cable.connect(CableTestRequest.create().param("user", "jane"))
			.subscribe("RoomChannel", Map.of("room", "1"));
	}

	@Test
	void connectionAssertions() {
		TestConnection rejected = this.cable.connect();
		assertFails(() -> assertThat(rejected).isAccepted(),
				"Expected the connection to be accepted, but Connect answered FAILURE");
		TestConnection accepted = this.cable.connect(CableTestRequest.create().param("user", "jane"));
		assertFails(() -> assertThat(accepted).isRejected(),
				"Expected the connection to be rejected, but Connect answered SUCCESS");
		assertFails(() -> assertThat(accepted).hasIdentifiers("{\"user\":\"joe\"}"),
				"Expected identifiers {\"user\":\"joe\"} but were {\"user\":\"jane\"}");
		assertFails(() -> assertThat(accepted).isClosed(), "Expected the connection to be closed by the server");
	}

	@Test
	void rejectionWithAReasonIsAssertedWithIt() {
		TestConnection expired = this.cable.connect(CableTestRequest.create().param("expired", "1"));
		assertThat(expired).isRejectedWithReason("token_expired");
		assertFails(() -> assertThat(expired).isRejectedWithReason("unauthorized"),
				"Expected the connection to be rejected with {\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}, but the client got [{\"type\":\"disconnect\",\"reason\":\"token_expired\",\"reconnect\":false}]");
		assertThat(this.cable.connect()).isRejectedWithReason("unauthorized");
	}

	@Test
	void connectThatFailedWithAnErrorIsAssertedWithItsMessage() {
		TestConnection failed = this.cable.connect(CableTestRequest.create().param("team", "red"));
		assertThat(failed).failedWith("Identifier 'team' is NaN, which JSON cannot represent");
		assertFails(() -> assertThat(failed).failedWith("database is down"),
				"Expected Connect to fail with an error containing \"database is down\" but it answered ERROR (");
		assertFails(() -> assertThat(failed).isRejected(),
				"Expected the connection to be rejected, but Connect answered ERROR");
		TestConnection accepted = this.cable.connect(CableTestRequest.create().param("user", "jane"));
		assertFails(() -> assertThat(accepted).failedWith("database is down"),
				"Expected Connect to fail with an error containing \"database is down\" but it answered SUCCESS");
		assertFails(() -> assertThat(this.cable.connect()).failedWith("database is down"),
				"Expected Connect to fail with an error containing \"database is down\" but it answered FAILURE");
	}

	@Test
	void identifiersAreComparedAsJsonValues() {
		TestConnection accepted = this.cable.connect(CableTestRequest.create().param("user", "jane"));
		assertThat(accepted).hasIdentifiers("{ \"user\": \"jane\" }");
		assertFails(() -> assertThat(accepted).hasIdentifiers("{\"user\": \"joe\"}"),
				"Expected identifiers {\"user\":\"joe\"} but were {\"user\":\"jane\"}: \"user\" is \"jane\", expected \"joe\"");
		assertThat(accepted).hasIdentifiers(Map.of("user", "jane"))
			.hasIdentifiers(CableIdentifiers.of(Map.of("user", "jane")));
		assertFails(() -> assertThat(accepted).hasIdentifiers(Map.of("user", "jane", "id", 1)),
				"\"id\" is missing, expected 1");
		assertFails(() -> assertThat(accepted).hasIdentifiers(Map.of()), "\"user\" is not expected (\"jane\")");
		assertFails(() -> assertThat(accepted).hasIdentifiers("user=jane"),
				"Expected identifiers user=jane are not JSON");
	}

	@Test
	void remoteDisconnectsAreComparedAsJsonValues(@Autowired CableBroadcaster cableBroadcaster) {
		cableBroadcaster.disconnect(CableIdentifiers.of(Map.of("user", "jane", "id", 7)).json(), false);
		assertThat(this.broadcaster).hasDisconnected("{\"user\": \"jane\", \"id\": 7}");
		assertFails(() -> assertThat(this.broadcaster).hasDisconnected("{\"user\": \"jane\", \"id\": 8}"),
				"Expected a remote disconnect of {\"user\":\"jane\",\"id\":8} but the disconnects were "
						+ "[{\"id\":7,\"user\":\"jane\"}]: \"id\" is 7, expected 8");
		assertThat(this.broadcaster).hasDisconnected(Map.of("user", "jane", "id", 7))
			.hasDisconnected(CableIdentifiers.of(Map.of("id", 7, "user", "jane")));
	}

	@Test
	void aRemoteDisconnectIsABroadcastForHasNoBroadcasts(@Autowired CableBroadcaster cableBroadcaster) {
		assertThat(this.broadcaster).hasNoBroadcasts();
		cableBroadcaster.disconnect(CableIdentifiers.of(Map.of("user", "jane")).json(), true);
		assertFails(() -> assertThat(this.broadcaster).hasNoBroadcasts(),
				"Expected no broadcasts but there were remote disconnects of [{\"user\":\"jane\"}]");
		this.room.perform("speak", Map.of("text", "hi"));
		assertFails(() -> assertThat(this.broadcaster).hasNoBroadcasts(),
				"Expected no broadcasts but there were [room:1 <- {\"user\":\"jane\",\"text\":\"hi\"}] "
						+ "and remote disconnects of [{\"user\":\"jane\"}]");
	}

	@Test
	void remoteDisconnectWrittenOtherwiseThanConnectAnsweredFails(@Autowired CableBroadcaster cableBroadcaster)
			throws Exception {
		assertFails(() -> assertThat(this.broadcaster).hasDisconnected(Map.of("user", "jane")),
				"Expected a remote disconnect of {\"user\":\"jane\"} but there was none");
		// the broadcaster canonicalizes: written in any form, it is found
		cableBroadcaster.disconnect("{\"user\": \"jane\"}", true);
		assertThat(this.broadcaster).hasDisconnected(Map.of("user", "jane"));
		// a publication that bypasses it is not
		this.broadcaster.clear();
		this.broadcaster.publish(Publications.disconnect("{\"user\": \"jane\"}", true));
		assertFails(() -> assertThat(this.broadcaster).hasDisconnected(Map.of("user", "jane")),
				"written {\"user\": \"jane\"} instead of {\"user\":\"jane\"}: anycable-go compares identifiers "
						+ "byte for byte and would disconnect nobody");
	}

	@Test
	void subscriptionAssertions() {
		assertFails(() -> assertThat(this.room).isRejected(), "to be rejected, but subscribe answered SUCCESS");
		assertFails(() -> assertThat(this.room).hasStreams("room:2"),
				"to stream from [room:2] but it streams from [room:1]");
		assertFails(() -> assertThat(this.room).hasState("user", "joe"),
				"Expected state 'user' = \"joe\" but was \"jane\"");
		assertFails(() -> assertThat(this.room).hasState("age", 3),
				"Expected state 'age' = 3 but there is no such key");
		assertFails(() -> assertThat(this.room).hasNoState("user"), "Expected no state 'user' but it is \"jane\"");
		assertFails(() -> assertThat(this.room).hasMessage("bye"),
				"to receive the message \"bye\" but it received [\"hello, jane\"]");
		assertFails(() -> assertThat(this.room).hasLastMessage(1), "Expected the last message of");
		assertFails(() -> assertThat(this.room).failedWith("boom"),
				"Expected the last command to fail with an error containing \"boom\" but it answered SUCCESS");
		this.room.perform("fail");
		assertFails(() -> assertThat(this.room).succeeded(),
				"Expected the last command to succeed but it answered ERROR (RoomChannel.fail failed: no luck)");
		TestSubscription rejected = this.cable.connect(CableTestRequest.create().param("user", "jane"))
			.subscribe("RoomChannel", Map.of("room", "closed"));
		assertFails(() -> assertThat(rejected).isConfirmed(), "to be confirmed, but subscribe answered FAILURE");
	}

	@Test
	void broadcastAssertions() {
		this.room.perform("speak", Map.of("text", "hi"));
		assertFails(() -> assertThat(this.broadcaster).hasNoBroadcasts(),
				"Expected no broadcasts but there were [room:1 <- ");
		assertFails(() -> assertThat(this.broadcaster).broadcastTo("room:2").exactlyOnce(),
				"Expected 1 broadcast(s) to 'room:2' but there were 0; all broadcasts: [room:1 <- {\"user\":\"jane\",\"text\":\"hi\"}]");
		assertFails(() -> assertThat(this.broadcaster).broadcastTo("room:1").withPayload(Map.of("text", "bye")),
				"Expected a broadcast to 'room:1' with payload {\"text\":\"bye\"} but the payloads were [{\"user\":\"jane\",\"text\":\"hi\"}]");
		assertFails(
				() -> assertThat(this.broadcaster).broadcastTo("room:1").withPayloadContaining(Map.of("user", "joe")),
				"Expected a broadcast to 'room:1' with payload containing {\"user\":\"joe\"} but the payloads were");
		assertThat(this.broadcaster).broadcastTo("room:1").withPayloadContaining(Map.of("user", "jane"));
		assertFails(() -> assertThat(this.broadcaster).broadcastTo("room:2").withPayload("x"),
				"Expected a broadcast to 'room:2' but there was none");
		assertFails(() -> assertThat(this.broadcaster).hasDisconnected("{\"user\":\"jane\"}"),
				"Expected a remote disconnect of {\"user\":\"jane\"} but there was none");
	}

	private static void assertFails(Runnable assertion, String message) {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(assertion::run).withMessageContaining(message);
	}

}
