package io.anycable.spring.conformance.channels;

import java.time.Duration;
import java.util.UUID;

import io.anycable.spring.conformance.support.AnyCableGoServer;
import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 18 as the spec words it (ERROR, no transmissions, no frame), with
 * {@code anycable.reject-failed-subscriptions=false}: what anycable-go does with an ERROR
 * on subscribe, and why the starter rejects instead by default.
 */
class SubscribeErrorConformanceIT {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(ChannelConformanceApp.class)
		.withProperties("anycable.reject-failed-subscriptions=false");

	/**
	 * The second half of scenario 18, "the client may retry the subscribe later", does
	 * not hold on anycable-go 1.5.2: {@code Node.Subscribe} returns on an ERROR reply
	 * without releasing the session's subscription mutex, so every later subscribe,
	 * unsubscribe or message of that session blocks forever (no RPC, no frame). 1.6
	 * releases it and, like the embedded server, confirms the retry. This test pins both
	 * so a version bump shows when it changes (see docs/conformance.md).
	 */
	@Test
	void scenario18SubscribeErrorSendsNothing() {
		String sid = "c18e-" + UUID.randomUUID();
		CableClient client = env.client("/cable").sid(sid).connect();
		client.expectNext(Json.obj("type", "welcome", "sid", sid));
		String id = Json.identifier("BasicChannel", "failOnce", true);
		client.subscribe(id);
		client.expectNoFrame(Duration.ofMillis(500));
		CommandResponse failed = env.rpc().await(sid, "Command", WAIT).response();
		assertThat(failed.getStatus()).isEqualTo(Status.ERROR);
		assertThat(failed.getErrorMsg()).contains("subscribe failed on purpose");
		assertThat(failed.getTransmissionsList()).isEmpty();
		assertThat(failed.getStreamsList()).isEmpty();

		client.subscribe(id);
		if (ConformanceEnvironment.isEmbedded() || !AnyCableGoServer.version().startsWith("1.5.")) {
			// the embedded server and anycable-go 1.6 do what the spec says: the retry
			// reaches the channel, which confirms now
			client.expectNext(Json.obj("identifier", id, "type", "confirm_subscription"));
			assertThat(env.rpc().calls(sid, "Command")).hasSize(2);
			return;
		}
		// anycable-go 1.5.2: the session is wedged after the ERROR, the retry never
		// reaches the RPC server
		client.expectNoFrame(Duration.ofSeconds(1));
		assertThat(env.rpc().calls(sid, "Command")).as("Command calls after a retry on anycable-go 1.5.2").hasSize(1);
	}

}
