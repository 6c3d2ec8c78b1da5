package io.anycable.spring.rpc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.support.CableJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.anycable.spring.rpc.RpcRequests.command;
import static io.anycable.spring.rpc.RpcRequests.connect;
import static io.anycable.spring.rpc.RpcRequests.disconnect;
import static io.anycable.spring.rpc.RpcRequests.message;
import static io.anycable.spring.rpc.RpcRequests.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RPC semantics of anycable-protocol.md section 2, row by row, with exact frames.
 */
@ExtendWith(OutputCaptureExtension.class)
class AnyCableRpcHandlerTests {

	private static final RpcMetadata METADATA = new RpcMetadata("sid-42", "v1");

	private static final String ROOM = "{\"channel\":\"RoomChannel\",\"room\":\"1\"}";

	private static final String USER = "{\"user\":\"jane\"}";

	private final EchoConnectionFactory factory = new EchoConnectionFactory();

	private final AnyCableRpcHandler handler = new AnyCableRpcHandler(this.factory, new CableJson(new ObjectMapper()));

	@Test
	void acceptedConnectAnswersWelcomeWithTheSidIdentifiersAndConnectionState() {
		ConnectionResponse response = this.handler.connect(connect("?user=jane"), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getIdentifiers()).isEqualTo(USER);
		assertThat(response.getTransmissionsList()).containsExactly("{\"type\":\"welcome\",\"sid\":\"sid-42\"}");
		assertThat(response.getEnv().getCstateMap()).containsExactly(Map.entry("visits", "1"));
		assertThat(response.getErrorMsg()).isEmpty();
	}

	@Test
	void identifiersOfALowLevelConnectionAreAnsweredInCanonicalForm() {
		ConnectionResponse response = this.handler.connect(connect(
				"?user=jane&identifiers=" + encode("{ \"user\": \"jane\", \"org\": {\"name\": \"a\", \"id\": 1} }")),
				METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getIdentifiers()).isEqualTo("{\"org\":{\"id\":1,\"name\":\"a\"},\"user\":\"jane\"}");
	}

	@Test
	void identifiersThatAreNotJsonFailTheConnectWithTheReason() {
		ConnectionResponse response = this.handler
			.connect(connect("?user=jane&identifiers=" + encode("{\"score\":NaN}")), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).startsWith(EchoConnectionFactory.class.getName())
			.contains(".identifiersJson() returned no valid identifiers: Invalid connection identifiers")
			.contains("malformed JSON");
		assertThat(response.getIdentifiers()).isEmpty();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Test
	void welcomeOmitsTheSidWhenNoneWasSent() {
		ConnectionResponse response = this.handler.connect(connect("?user=jane"), RpcMetadata.NONE);
		assertThat(response.getTransmissionsList()).containsExactly("{\"type\":\"welcome\"}");
	}

	@Test
	void rejectedConnectAnswersFailureWithItsTransmissionsThenTheUnauthorizedFrame() {
		ConnectionResponse response = this.handler.connect(connect(""), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getIdentifiers()).isEmpty();
		assertThat(response.getTransmissionsList()).containsExactly("{\"type\":\"goodbye\"}",
				"{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}");
	}

	@Test
	void failingConnectAnswersErrorWithTheMessageOnly() {
		ConnectionResponse response = this.handler.connect(connect("?user=jane&boom"), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo("database is down");
		assertThat(response.getTransmissionsList()).isEmpty();
		assertThat(response.getIdentifiers()).isEmpty();
	}

	@Test
	void confirmedSubscribeSendsTransmissionsBeforeTheConfirmationAndStartsStreams() {
		CommandResponse response = this.handler.command(subscribe(ROOM, USER), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList()).containsExactly(
				"{\"identifier\":\"{\\\"channel\\\":\\\"RoomChannel\\\",\\\"room\\\":\\\"1\\\"}\",\"message\":\"hello\"}",
				"{\"identifier\":\"{\\\"channel\\\":\\\"RoomChannel\\\",\\\"room\\\":\\\"1\\\"}\",\"type\":\"confirm_subscription\"}");
		assertThat(response.getStreamsList()).containsExactly("room:1");
		assertThat(response.getStopStreams()).isFalse();
		assertThat(response.getDisconnect()).isFalse();
		assertThat(response.getEnv().getIstateMap()).containsExactly(Map.entry("joined", "yes"));
		assertThat(response.getEnv().getCstateMap()).isEmpty();
	}

	@Test
	void rejectedSubscribeNeverReturnsStreams() {
		String identifier = "{\"channel\":\"Private\"}";
		CommandResponse response = this.handler.command(subscribe(identifier, USER), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"identifier\":\"{\\\"channel\\\":\\\"Private\\\"}\",\"type\":\"reject_subscription\"}");
		assertThat(response.getStreamsList()).isEmpty();
		assertThat(response.getStopStreams()).isTrue();
	}

	@Test
	void rejectedSubscribeClearsTheWhisperStreamItSetSoTheClientCannotWhisper() {
		String identifier = "{\"channel\":\"WhisperPrivate\"}";
		CommandResponse response = this.handler.command(subscribe(identifier, USER), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getEnv().getIstateMap()).containsOnly(Map.entry("$w", ""), Map.entry("$p", ""));
	}

	@Test
	void failedSubscribeIsAnsweredAsARejectionTheClientSees(CapturedOutput output) {
		String identifier = "{\"channel\":\"Broken\"}";
		CommandResponse response = this.handler.command(subscribe(identifier, USER), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"identifier\":\"{\\\"channel\\\":\\\"Broken\\\"}\",\"type\":\"reject_subscription\"}");
		assertThat(response.getErrorMsg()).isEqualTo("broker is down");
		assertThat(response.getStreamsList()).isEmpty();
		assertThat(response.getStopStreams()).isTrue();
		assertThat(response.getEnv().getIstateMap()).containsOnly(Map.entry("$w", ""), Map.entry("$p", ""));
		assertThat(output).contains("ERROR")
			.contains("Subscribe to \"{\\\"channel\\\":\\\"Broken\\\"}\" (answered with reject_subscription) failed")
			.contains("java.lang.IllegalStateException: broker is down");
	}

	@Test
	void failedUnsubscribeStillUnsubscribes() {
		CommandResponse response = this.handler
			.command(command("unsubscribe", "{\"channel\":\"Broken\"}", USER, null, Map.of(), Map.of()), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getStopStreams()).isTrue();
		assertThat(response.getErrorMsg()).isEqualTo("broker is down");
		assertThat(response.getTransmissionsList()).isEmpty();
	}

	@Test
	void failedSubscribeIsAnErrorWhenRejectionIsOff() {
		this.handler.setRejectFailedSubscriptions(false);
		CommandResponse response = this.handler.command(subscribe("{\"channel\":\"Broken\"}", USER), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo("broker is down");
		assertThat(response.getTransmissionsList()).isEmpty();
	}

	@Test
	void failedActionStaysAnError() {
		CommandResponse response = this.handler.command(message(ROOM, USER, "{\"action\":\"fail\"}", Map.of()),
				METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo("cannot echo that");
	}

	@Test
	void clientMistakesAreLoggedAsOneWarnLineEachAtABoundedRate(CapturedOutput output) {
		for (int i = 0; i < 25; i++) {
			this.handler.command(command("whisper" + i, ROOM, USER, null, Map.of(), Map.of()), METADATA);
		}
		List<String> lines = output.getOut().lines().filter((line) -> line.contains("Command refused")).toList();
		assertThat(lines).hasSize(10).allMatch((line) -> line.contains("WARN"));
		assertThat(lines.get(0)).endsWith("Unknown command \"whisper0\": expected subscribe, unsubscribe or message");
		assertThat(output).doesNotContain("InvalidRpcRequestException").doesNotContain("\tat ");
	}

	@Test
	void identifierIsEmbeddedInFramesByteForByte() {
		String identifier = "{ \"channel\" : \"RoomChannel\", \"room\":\"1\", \"x\":\"\\u00e9\" }";
		CommandResponse response = this.handler.command(subscribe(identifier, USER), METADATA);
		assertThat(response.getTransmissionsList().get(1)).isEqualTo(
				"{\"identifier\":" + EchoConnectionFactory.quote(identifier) + ",\"type\":\"confirm_subscription\"}");
	}

	@Test
	void messageMergesChannelStateAndTransmits() {
		CommandResponse response = this.handler.command(
				message(ROOM, USER, "{\"action\":\"echo\",\"text\":\"hi\"}", Map.of("count", "2", "joined", "yes")),
				METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList()).containsExactly(
				"{\"identifier\":\"{\\\"channel\\\":\\\"RoomChannel\\\",\\\"room\\\":\\\"1\\\"}\",\"message\":{\"action\":\"echo\",\"text\":\"hi\"}}");
		assertThat(response.getEnv().getIstateMap()).containsExactly(Map.entry("count", "3"));
		assertThat(response.getStreamsList()).isEmpty();
	}

	@Test
	void removedStateKeysAreReturnedEmptySoAnycableGoDeletesThem() {
		CommandResponse response = this.handler.command(command("message", ROOM, USER, "{\"action\":\"forget\"}",
				Map.of("visits", "3"), Map.of("joined", "yes")), METADATA);
		assertThat(response.getEnv().getIstateMap()).containsExactly(Map.entry("joined", ""));
		assertThat(response.getEnv().getCstateMap()).containsExactly(Map.entry("visits", ""));
	}

	@Test
	void closingFromACommandSetsDisconnectAfterTheTransmissions() {
		CommandResponse response = this.handler.command(message(ROOM, USER, "{\"action\":\"leave\"}", Map.of()),
				METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getDisconnect()).isTrue();
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"type\":\"disconnect\",\"reason\":\"bye\",\"reconnect\":false}");
	}

	@Test
	void stoppingOneStreamReturnsItInStoppedStreams() {
		CommandResponse response = this.handler.command(message(ROOM, USER, "{\"action\":\"stop\"}", Map.of()),
				METADATA);
		assertThat(response.getStoppedStreamsList()).containsExactly("room:1");
		assertThat(response.getStopStreams()).isFalse();
	}

	@Test
	void unsubscribeStopsAllStreamsAndSendsNoFrame() {
		CommandResponse response = this.handler.command(command("unsubscribe", ROOM, USER, null, Map.of(), Map.of()),
				METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getStopStreams()).isTrue();
		assertThat(response.getTransmissionsList()).isEmpty();
	}

	@Test
	void failingCommandAnswersErrorWithoutTransmissionsOrStreams() {
		CommandResponse response = this.handler.command(message(ROOM, USER, "{\"action\":\"fail\"}", Map.of()),
				METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo("cannot echo that");
		assertThat(response.getTransmissionsList()).isEmpty();
		assertThat(response.getStreamsList()).isEmpty();
	}

	@Test
	void disconnectDecodesTheStateOfEverySubscription() {
		String other = "{\"channel\":\"RoomChannel\",\"room\":\"2\"}";
		DisconnectResponse response = this.handler.disconnect(disconnect(USER, List.of(ROOM, other),
				Map.of(ROOM, "{\"count\":\"3\"}", other, "{\"name\":\"{\\\"first\\\":\\\"x\\\"}\"}"),
				Map.of("visits", "2")), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(this.factory.closed)
			.containsExactly(USER + " " + ROOM + "={count=3} " + other + "={name={\"first\":\"x\"}} cstate={visits=2}");
	}

	@Test
	void disconnectOfASubscriptionWithoutStateSeesAnEmptyState() {
		this.handler.disconnect(disconnect(USER, List.of(ROOM), Map.of(), Map.of()), METADATA);
		assertThat(this.factory.closed).containsExactly(USER + " " + ROOM + "={} cstate={}");
	}

	@Test
	void invalidIdentifierJsonIsAnError() {
		CommandResponse response = this.handler.command(subscribe("{\"channel\":", USER), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg())
			.startsWith("Invalid channel identifier \"{\\\"channel\\\":\": malformed JSON");
	}

	@Test
	void identifierThatIsNotAnObjectIsAnError() {
		CommandResponse response = this.handler.command(subscribe("[1,2]", USER), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg())
			.isEqualTo("Invalid channel identifier \"[1,2]\": expected a JSON object, got array");
	}

	@Test
	void emptyIdentifierIsAnError() {
		CommandResponse response = this.handler.command(subscribe("", USER), METADATA);
		assertThat(response.getErrorMsg()).isEqualTo("Invalid channel identifier: empty, expected a JSON object");
	}

	@Test
	void unknownCommandIsAnError() {
		CommandResponse response = this.handler.command(command("whisper", ROOM, USER, "{}", Map.of(), Map.of()),
				METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg())
			.isEqualTo("Unknown command \"whisper\": expected subscribe, unsubscribe or message");
	}

	@Test
	void messageWithoutDataIsAnError() {
		CommandResponse response = this.handler.command(message(ROOM, USER, "", Map.of()), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg())
			.isEqualTo("Invalid data of a message on " + ROOM + ": empty, expected a JSON object");
	}

	@Test
	void messageWithInvalidDataIsAnError() {
		CommandResponse response = this.handler.command(message(ROOM, USER, "not json", Map.of()), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg())
			.startsWith("Invalid data of a message on " + ROOM + " \"not json\": malformed JSON");
	}

	@Test
	void requestsWithoutEnvAreErrors() {
		assertThat(this.handler.connect(ConnectionRequest.getDefaultInstance(), METADATA).getErrorMsg())
			.isEqualTo("Connect request has no env: anycable-go always sends one");
		assertThat(this.handler
			.command(CommandMessage.newBuilder().setCommand("subscribe").setIdentifier(ROOM).build(), METADATA)
			.getErrorMsg()).isEqualTo("Command request has no env: anycable-go always sends one");
		assertThat(this.handler.disconnect(DisconnectRequest.getDefaultInstance(), METADATA).getStatus())
			.isEqualTo(Status.ERROR);
	}

	@Test
	void unsupportedProtocolVersionIsAnError() {
		ConnectionResponse response = this.handler.connect(connect("?user=jane"), new RpcMetadata("s", "v2"));
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo("Unsupported RPC protocol version \"v2\": this server speaks v1");
	}

	@Test
	void protocolVersionListContainingV1IsAccepted() {
		assertThat(this.handler.connect(connect("?user=jane"), new RpcMetadata("s", "v2, v1")).getStatus())
			.isEqualTo(Status.SUCCESS);
	}

	@Test
	void malformedChannelStateInDisconnectIsAnError() {
		DisconnectResponse response = this.handler
			.disconnect(disconnect(USER, List.of(ROOM), Map.of(ROOM, "{oops"), Map.of()), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg())
			.startsWith("Invalid channel state of " + ROOM + " \"{oops\": malformed JSON");
		assertThat(this.factory.closed).isEmpty();
	}

	@Test
	void oneMebibytePayloadIsEchoedWhole() {
		String text = "x".repeat(1024 * 1024);
		CommandResponse response = this.handler
			.command(message(ROOM, USER, "{\"action\":\"echo\",\"text\":\"" + text + "\"}", Map.of()), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissions(0)).endsWith(text + "\"}}");
	}

}
