package io.anycable.spring.conformance.channels;

import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broadcast scenarios plus those only the starter's {@code CableBroadcaster} can
 * pass: it canonicalizes identifiers, where a raw publication is compared byte for byte.
 */
abstract class AbstractStarterBroadcastConformance extends AbstractBroadcastConformance {

	/**
	 * Issue #15: nested identifiers are accepted, bound to a channel method's record and
	 * found by a remote disconnect whose JSON is in insertion order with spaces (as an
	 * application's own {@code ObjectMapper} or a hand-written string has it).
	 */
	@Test
	void nestedIdentifiersWrittenInAnyOrderDisconnectRemotely() {
		String sid = unique("b10n");
		CableClient client = connected("/cable?uid=27&org=acme", sid);
		ConnectionResponse connected = env().rpc().await(sid, "Connect", WAIT).response();
		assertThat(connected.getIdentifiers()).isEqualTo("{\"org\":{\"id\":4,\"name\":\"acme\"},\"uid\":\"27\"}");
		String echo = Json.identifier("EchoChannel");
		client.subscribeConfirmed(echo);
		client.perform(echo, "org");
		client.expectNext(Json.obj("identifier", echo, "message", Json.obj("name", "acme", "id", 4)));

		publisher().remoteDisconnect("{\"uid\": \"27\", \"org\": {\"name\": \"acme\", \"id\": 4}}", false);

		client.expectNext(Json.obj("type", "disconnect", "reason", "remote", "reconnect", false));
		assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
	}

}
