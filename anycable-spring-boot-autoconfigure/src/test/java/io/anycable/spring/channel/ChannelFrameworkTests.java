package io.anycable.spring.channel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.ChannelExceptionHandler;
import io.anycable.spring.channel.annotation.ChannelParam;
import io.anycable.spring.channel.annotation.ConnectionIdentifier;
import io.anycable.spring.channel.annotation.OnSubscribe;
import io.anycable.spring.channel.annotation.OnUnsubscribe;
import io.anycable.spring.channel.annotation.Payload;
import io.anycable.spring.channel.internal.ChannelRegistry;
import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.connection.ClientMistake;
import io.anycable.spring.rpc.RpcRequests;
import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every channel feature through the generated stubs over an in-process gRPC channel,
 * asserting the exact frames, streams and state anycable-go would receive.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = { "grpc.server.in-process-name=channel-framework-tests", "grpc.server.port=-1" })
class ChannelFrameworkTests {

	static final String ROOM1 = "{\"channel\":\"ChatChannel\",\"room\":\"1\"}";

	static final String ROOM1_QUOTED = "\"{\\\"channel\\\":\\\"ChatChannel\\\",\\\"room\\\":\\\"1\\\"}\"";

	static final String JANE = "{\"id\":42,\"user\":\"jane\"}";

	static final List<String> events = new CopyOnWriteArrayList<>();

	@Autowired
	private ChannelRegistry registry;

	private ManagedChannel channel;

	private RPCGrpc.RPCBlockingStub rpc;

	@BeforeEach
	void open() {
		events.clear();
		this.channel = InProcessChannelBuilder.forName("channel-framework-tests").directExecutor().build();
		Metadata metadata = new Metadata();
		metadata.put(AnyCableGrpcService.SID_KEY, "sid-7");
		metadata.put(AnyCableGrpcService.PROTOCOL_VERSION_KEY, "v1");
		this.rpc = RPCGrpc.newBlockingStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
	}

	@AfterEach
	void close() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void connectionFactoryAcceptsWithCanonicalIdentifiersAndInitialState() {
		ConnectionResponse response = this.rpc.connect(RpcRequests.connect("?user=jane"));
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getIdentifiers()).isEqualTo(JANE);
		assertThat(response.getTransmissionsList()).containsExactly("{\"type\":\"welcome\",\"sid\":\"sid-7\"}");
		assertThat(response.getEnv().getCstateMap()).containsExactly(Map.entry("token", "\"t-jane\""));
	}

	@Test
	void connectionFactoryRejects() {
		ConnectionResponse response = this.rpc.connect(RpcRequests.connect(""));
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}");
	}

	@Test
	void connectionFactoryRejectsWithAReasonTheClientActsOn() {
		ConnectionResponse response = this.rpc.connect(RpcRequests.connect("?user=expired"));
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"type\":\"disconnect\",\"reason\":\"token_expired\",\"reconnect\":false}");
	}

	@Test
	void connectionFactoryReadsCookiesAndHeaders() {
		ConnectionResponse response = this.rpc.connect(io.anycable.spring.rpc.proto.ConnectionRequest.newBuilder()
			.setEnv(RpcRequests.env(RpcRequests.URL).toBuilder().putHeaders("cookie", "user=bob; theme=dark"))
			.build());
		assertThat(response.getIdentifiers()).isEqualTo("{\"id\":42,\"user\":\"bob\"}");
	}

	@Test
	void connectionFactoryExceptionIsAnError() {
		ConnectionResponse response = this.rpc.connect(RpcRequests.connect("?user=boom"));
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo("users service unavailable");
	}

	@Test
	void subscribeTransmitsInOrderStartsWhisperStreamAndStoresTypedState() {
		CommandResponse response = this.rpc.command(RpcRequests.subscribe(ROOM1, JANE));
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList()).containsExactly(
				"{\"identifier\":" + ROOM1_QUOTED + ",\"message\":\"hello\"}",
				"{\"identifier\":" + ROOM1_QUOTED + ",\"message\":{\"joined\":\"jane\"}}",
				"{\"identifier\":" + ROOM1_QUOTED + ",\"type\":\"confirm_subscription\"}");
		assertThat(response.getStreamsList()).containsExactly("chat:1");
		assertThat(response.getEnv().getIstateMap()).containsOnly(Map.entry("$w", "chat:1"),
				Map.entry("user", "{\"name\":\"jane\"}"), Map.entry("count", "1"));
	}

	@Test
	void subscribeRejectedByTheChannel() {
		String secret = "{\"channel\":\"ChatChannel\",\"room\":\"secret\"}";
		CommandResponse response = this.rpc.command(RpcRequests.subscribe(secret, JANE));
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getStreamsList()).isEmpty();
		assertThat(response.getTransmissionsList()).containsExactly(
				"{\"identifier\":\"{\\\"channel\\\":\\\"ChatChannel\\\",\\\"room\\\":\\\"secret\\\"}\",\"type\":\"reject_subscription\"}");
	}

	@Test
	void channelWithoutSubscribeCallbackConfirms() {
		CommandResponse response = this.rpc.command(RpcRequests.subscribe("{\"channel\":\"PlainChannel\"}", JANE));
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList()).hasSize(1).first().asString().contains("confirm_subscription");
	}

	@Test
	void actionWithoutArgumentsTransmitsItsResult() {
		assertThat(perform("{\"action\":\"tick\"}", Map.of()).getTransmissionsList())
			.containsExactly("{\"identifier\":" + ROOM1_QUOTED + ",\"message\":\"tock\"}");
	}

	@Test
	void actionBindsATypedPayloadWithoutTheActionKey() {
		assertThat(perform("{\"action\":\"echo\",\"text\":\"hello\"}", Map.of()).getTransmissionsList())
			.containsExactly("{\"identifier\":" + ROOM1_QUOTED + ",\"message\":{\"response\":\"hello\"}}");
	}

	@Test
	void actionBindsAnUnannotatedPayloadAndConvertsChannelParams() {
		CommandResponse response = perform("{\"action\":\"speak\",\"text\":\"hi\"}", Map.of());
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(events).containsExactly("speak hi in room 1 by jane (42)");
	}

	@Test
	void channelStateRoundTripsThroughAnycableGo() {
		CommandResponse subscribed = this.rpc.command(RpcRequests.subscribe(ROOM1, JANE));
		CommandResponse counted = perform("{\"action\":\"count\"}", subscribed.getEnv().getIstateMap());
		assertThat(counted.getTransmissionsList())
			.containsExactly("{\"identifier\":" + ROOM1_QUOTED + ",\"message\":{\"count\":3,\"name\":\"jane\"}}");
		assertThat(counted.getEnv().getIstateMap()).containsExactly(Map.entry("count", "3"));
	}

	@Test
	void connectionStateIsReadableAndRemovable() {
		CommandResponse response = this.rpc.command(RpcRequests.command("message", ROOM1, JANE,
				"{\"action\":\"forget\"}", Map.of("token", "\"t-jane\""), Map.of("user", "{\"name\":\"jane\"}")));
		assertThat(events).containsExactly("token t-jane");
		assertThat(response.getEnv().getCstateMap()).containsExactly(Map.entry("token", ""));
		assertThat(response.getEnv().getIstateMap()).containsExactly(Map.entry("user", ""));
	}

	@Test
	void stopStreamFromStopsOneStreamAndTheWhisperOnIt() {
		CommandResponse response = perform("{\"action\":\"stop\"}", Map.of("$w", "chat:1"));
		assertThat(response.getStoppedStreamsList()).containsExactly("chat:1");
		assertThat(response.getEnv().getIstateMap()).containsExactly(Map.entry("$w", ""));
	}

	@Test
	void stopAllStreams() {
		CommandResponse response = perform("{\"action\":\"stopAll\"}", Map.of());
		assertThat(response.getStopStreams()).isTrue();
	}

	@Test
	void streamForNamesTheStreamAfterTheChannelAndTheModel() {
		CommandResponse response = perform("{\"action\":\"follow\",\"id\":7}", Map.of());
		assertThat(response.getStreamsList()).containsExactly("ChatChannel:Topic/7");
		assertThat(StreamNames.of(ChatChannel.class, new Topic(7))).isEqualTo("ChatChannel:Topic/7");
	}

	@Test
	void closeConnectionSendsTheDisconnectFrameAndClosesAfterIt() {
		CommandResponse response = perform("{\"action\":\"logout\"}", Map.of());
		assertThat(response.getDisconnect()).isTrue();
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}");
	}

	@Test
	void exceptionInAnActionIsAnErrorNamingTheMethod() {
		CommandResponse response = perform("{\"action\":\"boom\"}", Map.of());
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo("ChatChannel.boom failed: kaboom");
	}

	@Test
	void missingConnectionIdentifierIsTheApplicationsMistakeLoggedWithItsStackTrace(CapturedOutput output) {
		CommandResponse response = perform("{\"action\":\"team\"}", Map.of());
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo("Missing connection identifier 'team' of ChatChannel.team");
		assertThat(output).contains("ERROR").contains("Command failed").contains("\tat ");
	}

	@Test
	void clientMistakeThrownByAnActionIsOneWarnLine(CapturedOutput output) {
		CommandResponse response = perform("{\"action\":\"missing\"}", Map.of());
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo("ChatChannel.missing failed: no message 7 in this room");
		assertThat(output).contains("WARN")
			.contains("Command refused: ChatChannel.missing failed: no message 7 in this room")
			.doesNotContain("\tat ");
	}

	@Test
	void exceptionHandlerTurnsAnExceptionIntoATransmission() {
		CommandResponse response = perform("{\"action\":\"invalid\"}", Map.of());
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"identifier\":" + ROOM1_QUOTED + ",\"message\":{\"error\":\"text is required\"}}");
	}

	@Test
	void exceptionHandlerCanRejectTheSubscription() {
		CommandResponse response = this.rpc.command(RpcRequests.subscribe("{\"channel\":\"GuardedChannel\"}", JANE));
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList()).hasSize(1).first().asString().contains("reject_subscription");
		assertThat(events).containsExactly("denied: jane may not enter");
	}

	@Test
	void payloadThatDoesNotBindIsAnError(CapturedOutput output) {
		CommandResponse response = perform("{\"action\":\"echo\",\"text\":{\"nested\":true}}", Map.of());
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).startsWith(
				"Cannot read payload of ChatChannel.echo as io.anycable.spring.channel.ChannelFrameworkTests$Echo");
		assertThat(output).contains("WARN").contains("Command refused: Cannot read payload").doesNotContain("\tat ");
	}

	@Test
	void missingChannelParamRejectsTheSubscription() {
		CommandResponse response = this.rpc.command(RpcRequests.subscribe("{\"channel\":\"ChatChannel\"}", JANE));
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList()).hasSize(1).first().asString().contains("reject_subscription");
		assertThat(response.getErrorMsg()).isEqualTo("Missing channel parameter 'room' of ChatChannel.subscribed");
	}

	@Test
	void unknownChannelRejectsTheSubscriptionListingTheKnownOnes(CapturedOutput output) {
		CommandResponse response = this.rpc.command(RpcRequests.subscribe("{\"channel\":\"Nope\"}", JANE));
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"identifier\":\"{\\\"channel\\\":\\\"Nope\\\"}\",\"type\":\"reject_subscription\"}");
		assertThat(response.getErrorMsg())
			.isEqualTo("Unknown channel \"Nope\" (channels: [ChatChannel, GuardedChannel, PlainChannel])");
		assertThat(output).contains("WARN").contains("refused: Unknown channel \"Nope\"").doesNotContain("\tat ");
	}

	@Test
	void exceptionInSubscribeRejectsTheSubscriptionAndIsLoggedWithItsStackTrace(CapturedOutput output) {
		CommandResponse response = this.rpc
			.command(RpcRequests.subscribe("{\"channel\":\"ChatChannel\",\"room\":\"down\"}", JANE));
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList()).hasSize(1).first().asString().contains("reject_subscription");
		assertThat(response.getErrorMsg()).isEqualTo("ChatChannel.subscribed failed: broker is down");
		assertThat(response.getStreamsList()).isEmpty();
		assertThat(response.getStopStreams()).isTrue();
		assertThat(output).contains("ERROR")
			.contains("java.lang.IllegalStateException: broker is down")
			.contains("\tat ");
	}

	@Test
	void identifierWithoutChannelNameIsAnError() {
		CommandResponse response = this.rpc.command(RpcRequests.subscribe("{\"room\":1}", JANE));
		assertThat(response.getErrorMsg()).isEqualTo("Channel identifier \"{\\\"room\\\":1}\" has no \"channel\" name");
	}

	@Test
	void unknownActionIsAnErrorListingTheActions() {
		CommandResponse response = perform("{\"action\":\"fly\"}", Map.of());
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg())
			.startsWith("Unknown action \"fly\" for channel ChatChannel (actions: [boom, count, echo,");
	}

	@Test
	void messageWithoutActionIsAnError() {
		CommandResponse response = perform("{\"text\":\"hi\"}", Map.of());
		assertThat(response.getErrorMsg())
			.isEqualTo("Message to ChatChannel has no \"action\" in its data \"{\\\"text\\\":\\\"hi\\\"}\"");
	}

	@Test
	void unsubscribeRunsTheCallbackWithTheState() {
		CommandResponse response = this.rpc.command(
				RpcRequests.command("unsubscribe", ROOM1, JANE, null, Map.of(), Map.of("user", "{\"name\":\"jane\"}")));
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList()).isEmpty();
		assertThat(events).containsExactly("left 1: jane");
	}

	@Test
	void disconnectRunsEveryUnsubscribeWithItsRestoredStateThenTheConnectionCallback() {
		String room2 = "{\"channel\":\"ChatChannel\",\"room\":\"2\"}";
		DisconnectResponse response = this.rpc.disconnect(RpcRequests.disconnect(JANE, List.of(ROOM1, room2),
				Map.of(ROOM1, "{\"user\":\"{\\\"name\\\":\\\"jane\\\"}\"}", room2,
						"{\"user\":\"{\\\"name\\\":\\\"jay\\\"}\"}"),
				Map.of()));
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(events).containsExactly("left 1: jane", "left 2: jay", "disconnected " + JANE);
	}

	@Test
	void disconnectKeepsCleaningUpWhenOneCallbackFails() {
		String broken = "{\"channel\":\"ChatChannel\",\"room\":\"broken\"}";
		DisconnectResponse response = this.rpc
			.disconnect(RpcRequests.disconnect(JANE, List.of(broken, ROOM1), Map.of(), Map.of()));
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo(
				"1 disconnect callback(s) failed; first: ChatChannel.unsubscribed failed: cannot leave a broken room");
		assertThat(events).containsExactly("left 1: nobody", "disconnected " + JANE);
	}

	@Test
	void registryListsTheChannels() {
		assertThat(this.registry.channelNames()).containsExactly("ChatChannel", "GuardedChannel", "PlainChannel");
	}

	private CommandResponse perform(String data, Map<String, String> istate) {
		return this.rpc.command(RpcRequests.message(ROOM1, JANE, data, istate));
	}

	record User(String name) {
	}

	static class NoSuchMessage extends RuntimeException implements ClientMistake {

		NoSuchMessage(String message) {
			super(message);
		}

	}

	record Echo(String text) {
	}

	record Speak(String text) {
	}

	record Topic(int id) {
	}

	record Counted(int count, String name) {
	}

	static class InvalidMessageException extends RuntimeException {

		InvalidMessageException(String message) {
			super(message);
		}

	}

	@AnyCableChannel
	static class ChatChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle, @ChannelParam String room, @ConnectionIdentifier("user") String user) {
			if (room.equals("secret")) {
				handle.reject();
				return;
			}
			if (room.equals("down")) {
				handle.streamFrom("chat:down");
				throw new IllegalStateException("broker is down");
			}
			handle.transmit("hello");
			handle.transmit(Map.of("joined", user));
			handle.streamFrom("chat:" + room, true);
			handle.state().put("user", new User(user));
			handle.state().put("count", 1);
		}

		@OnUnsubscribe
		void unsubscribed(ChannelHandle handle, @ChannelParam("room") String room) {
			if (room.equals("broken")) {
				throw new IllegalStateException("cannot leave a broken room");
			}
			handle.stopAllStreams();
			events.add("left " + room + ": " + handle.state().get("user", User.class).map(User::name).orElse("nobody"));
		}

		@Action
		String tick() {
			return "tock";
		}

		@Action
		Map<String, Object> echo(@Payload Echo echo) {
			return Map.of("response", echo.text());
		}

		@Action
		void speak(Speak message, @ChannelParam("room") Integer room, CableIdentifiers identifiers,
				@ConnectionIdentifier("id") long id) {
			events.add("speak " + message.text() + " in room " + room + " by "
					+ identifiers.getString("user").orElseThrow() + " (" + id + ")");
		}

		@Action
		Counted count(ChannelHandle handle) {
			int count = handle.state().get("count", Integer.class).orElse(0) + 2;
			handle.state().put("count", count);
			return new Counted(count, handle.state().get("user", User.class).orElseThrow().name());
		}

		@Action
		void forget(ChannelHandle handle) {
			events.add("token " + handle.connectionState().get("token", String.class).orElseThrow());
			handle.connectionState().remove("token");
			handle.state().remove("user");
		}

		@Action
		void stop(ChannelHandle handle) {
			handle.stopStreamFrom("chat:1");
		}

		@Action
		void stopAll(ChannelHandle handle) {
			handle.stopAllStreams();
		}

		@Action
		void follow(ChannelHandle handle, Topic topic) {
			handle.streamFor(topic);
		}

		@Action
		void logout(ChannelHandle handle) {
			handle.closeConnection("unauthorized", false);
		}

		@Action
		void boom() {
			throw new IllegalStateException("kaboom");
		}

		@Action
		void team(@ConnectionIdentifier("team") String team) {
		}

		@Action
		void missing() {
			throw new NoSuchMessage("no message 7 in this room");
		}

		@Action
		void invalid() {
			throw new InvalidMessageException("text is required");
		}

		@ChannelExceptionHandler
		Map<String, String> onInvalid(InvalidMessageException ex) {
			return Map.of("error", ex.getMessage());
		}

	}

	@AnyCableChannel("GuardedChannel")
	static class Guarded {

		@OnSubscribe
		void subscribed(@ConnectionIdentifier String user) {
			throw new SecurityException(user + " may not enter");
		}

		@ChannelExceptionHandler(SecurityException.class)
		void denied(RuntimeException ex, ChannelHandle handle) {
			events.add("denied: " + ex.getMessage());
			handle.reject();
		}

	}

	@AnyCableChannel
	static class PlainChannel {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ ChatChannel.class, Guarded.class, PlainChannel.class })
	static class Config {

		@Bean
		CableConnectionFactory cableConnectionFactory() {
			return new CableConnectionFactory() {

				@Override
				public CableConnection connect(CableRequest request) {
					String user = request.param("user").or(() -> request.cookie("user")).orElse(null);
					if (user == null) {
						return CableConnection.reject();
					}
					if (user.equals("expired")) {
						return CableConnection.reject("token_expired");
					}
					if (user.equals("boom")) {
						throw new IllegalStateException("users service unavailable");
					}
					return CableConnection.accept(Map.of("user", user, "id", 42)).withState("token", "t-" + user);
				}

				@Override
				public void disconnect(CableIdentifiers identifiers, CableRequest request) {
					events.add("disconnected " + identifiers.json());
				}

			};
		}

	}

}
