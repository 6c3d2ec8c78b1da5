package io.anycable.spring.test.app;

import java.util.Map;

import io.anycable.spring.boot.test.autoconfigure.AnyCableTest;
import io.anycable.spring.broadcast.BroadcastOptions;
import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.broadcast.DefaultCableBroadcaster;
import net.devh.boot.grpc.server.serverfactory.GrpcServerFactory;
import net.devh.boot.grpc.server.serverfactory.InProcessGrpcServerFactory;
import io.anycable.spring.test.BroadcastRecord;
import io.anycable.spring.test.CableTester;
import io.anycable.spring.test.CableTestRequest;
import io.anycable.spring.test.BroadcastRecorder;
import io.anycable.spring.test.TestConnection;
import io.anycable.spring.test.TestSubscription;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

import static io.anycable.spring.test.CableAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slice loads channels and connection factories only, serves them in-process, and
 * records broadcasts; channels are driven through the real RPC path.
 */
@AnyCableTest
@Import(Greeter.class)
class AnyCableTestSliceTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private CableTester cable;

	@Autowired
	private BroadcastRecorder broadcaster;

	@Test
	void loadsChannelsAndConnectionFactoriesButNotOtherComponents() {
		assertThat(this.context.getBeansOfType(RoomChannel.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(EchoChannel.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(UserConnectionFactory.class)).hasSize(1);
		assertThat(this.context.getBean(BroadcastTransport.class)).isSameAs(this.broadcaster);
		assertThat(this.context.getBean(CableBroadcaster.class)).isInstanceOf(DefaultCableBroadcaster.class);
		assertThat(this.context.getBean(GrpcServerFactory.class)).isInstanceOf(InProcessGrpcServerFactory.class);
		assertThat(this.context.getBeansOfType(UnrelatedService.class)).isEmpty();
	}

	@Test
	void connectsThroughTheConnectionFactory() {
		assertThat(this.cable.connect(CableTestRequest.create().param("user", "jane")))
			.hasIdentifiers("{\"user\":\"jane\"}");
		assertThat(this.cable.connect(CableTestRequest.create().cookie("user", "joe")))
			.hasIdentifiers("{\"user\":\"joe\"}");
		assertThat(this.cable.connect()).isRejected().isClosed();
	}

	@Test
	void subscribesPerformsAndRecordsBroadcasts() {
		TestConnection connection = this.cable.connect(CableTestRequest.create().param("user", "jane"));
		TestSubscription room = connection.subscribe("RoomChannel", Map.of("room", "1"));
		assertThat(room).isConfirmed().hasStreams("room:1").hasState("user", "jane").hasMessage("hello, jane");
		assertThat(room.state()).containsEntry("$w", "room:1");

		room.perform("speak", Map.of("text", "hi"));
		assertThat(room).succeeded();
		assertThat(this.broadcaster).broadcastTo("room:1")
			.exactlyOnce()
			.withPayload(Map.of("user", "jane", "text", "hi"));
		assertThat(this.broadcaster).broadcastTo("room:1")
			.singlePayload(RoomChannel.Said.class)
			.isEqualTo(new RoomChannel.Said("jane", "hi"));
	}

	@Test
	void toOthersFromAChannelActionLeavesOutTheClientThatPerformedIt() {
		TestConnection connection = this.cable.connect(CableTestRequest.create().param("user", "jane").sid("sid-jane"));
		connection.subscribe("RoomChannel", Map.of("room", "5")).perform("shout", Map.of("text", "hey"));
		assertThat(this.broadcaster.broadcastsTo("room:5")).singleElement()
			.satisfies((broadcast) -> assertThat(broadcast.excludeSocket()).isEqualTo("sid-jane"));
	}

	@Test
	void keepsStateBetweenCallsLikeAnycableGo() {
		TestSubscription room = this.cable.connect(CableTestRequest.create().param("user", "jane"))
			.subscribe("RoomChannel", Map.of("room", "1"));
		room.perform("count").perform("count").perform("count");
		assertThat(room).hasState("count", 3).hasLastMessage(3);
		assertThat(room.state("count", Integer.class)).hasValue(3);
	}

	@Test
	void rejectedSubscriptionHasNoStreams() {
		TestSubscription closed = this.cable.connect(CableTestRequest.create().param("user", "jane"))
			.subscribe("RoomChannel", Map.of("room", "closed"));
		assertThat(closed).isRejected().hasStreams();
	}

	@Test
	void failingActionReportsTheError() {
		TestSubscription room = this.cable.connect(CableTestRequest.create().param("user", "jane"))
			.subscribe("RoomChannel", Map.of("room", "1"));
		room.perform("fail");
		assertThat(room).failedWith("RoomChannel.fail failed: no luck");
	}

	@Test
	void unsubscribeRunsTheCallbackAndStopsStreams() {
		TestSubscription room = this.cable.connect(CableTestRequest.create().param("user", "jane"))
			.subscribe("RoomChannel", Map.of("room", "2"));
		room.unsubscribe();
		assertThat(room.isConfirmed()).isFalse();
		assertThat(room).hasStreams();
		assertThat(this.broadcaster).broadcastTo("room:2").withPayload(Map.of("left", "jane"));
	}

	@Test
	void disconnectRunsTheRealPathWithTheAccumulatedState() {
		TestConnection connection = this.cable.connect(CableTestRequest.create().param("user", "jane"));
		connection.subscribe("RoomChannel", Map.of("room", "3"));
		connection.subscribe("RoomChannel", Map.of("room", "4"));
		assertThat(connection.disconnect().status()).isEqualTo("SUCCESS");
		assertThat(this.broadcaster).broadcastTo("room:3").exactlyOnce().withPayload(Map.of("left", "jane"));
		assertThat(this.broadcaster).broadcastTo("room:4").exactlyOnce().withPayload(Map.of("left", "jane"));
	}

	@Test
	void recordsWhatTheRealBroadcasterPublishes(@Autowired CableBroadcaster cableBroadcaster) {
		cableBroadcaster.batch(() -> {
			cableBroadcaster.broadcast("a", "one", BroadcastOptions.defaults().excludeSocket("sid-1"));
			cableBroadcaster.broadcast("a", Map.of("n", 2), BroadcastOptions.defaults().asTransient());
		});
		cableBroadcaster.disconnect("{\"user\":\"jane\"}", true);
		assertThat(this.broadcaster.publicationSizes()).containsExactly(2, 1);
		assertThat(this.broadcaster.broadcastsTo("a"))
			.extracting(BroadcastRecord::data, BroadcastRecord::excludeSocket, BroadcastRecord::transientMessage)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("\"one\"", "sid-1", false),
					org.assertj.core.groups.Tuple.tuple("{\"n\":2}", null, true));
		assertThat(this.broadcaster).hasDisconnected("{\"user\":\"jane\"}");
	}

	@Test
	void recordsAsynchronousBroadcastsAndCompletesTheirFutures(@Autowired CableBroadcaster cableBroadcaster) {
		assertThat(cableBroadcaster.broadcastAsync("b", Map.of("n", 3))).isCompleted();
		assertThat(this.broadcaster).broadcastTo("b").exactlyOnce().withPayload(Map.of("n", 3));
	}

	@Test
	void unknownChannelIsRejected() {
		TestSubscription nope = this.cable.connect(CableTestRequest.create().param("user", "jane"))
			.subscribe("NopeChannel");
		assertThat(nope.isConfirmed()).isFalse();
		assertThat(nope).isRejectedWith("Unknown channel \"NopeChannel\"");
	}

}
