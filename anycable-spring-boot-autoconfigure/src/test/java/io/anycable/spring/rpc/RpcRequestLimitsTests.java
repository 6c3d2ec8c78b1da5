package io.anycable.spring.rpc;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.support.CableJson;
import org.junit.jupiter.api.Test;

import static io.anycable.spring.rpc.RpcRequests.command;
import static io.anycable.spring.rpc.RpcRequests.disconnect;
import static io.anycable.spring.rpc.RpcRequests.message;
import static io.anycable.spring.rpc.RpcRequests.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits at their boundaries, through the handler: at the limit passes, one over is
 * an ERROR naming it, and the connection never sees the refused request.
 */
class RpcRequestLimitsTests {

	private static final String ROOM = "{\"channel\":\"RoomChannel\",\"room\":\"1\"}";

	private static final RpcMetadata METADATA = new RpcMetadata("sid", "v1");

	private final GatedConnectionFactory factory = new GatedConnectionFactory();

	private final AnyCableRpcHandler handler = new AnyCableRpcHandler(this.factory, new CableJson(new ObjectMapper()),
			new RpcRequestLimits(3, ROOM.length(), 10));

	@Test
	void jsonAtTheDepthLimitPassesAndOneLevelMoreIsAnError() {
		assertThat(this.handler.command(message(ROOM, "{}", "{\"a\":[{\"b\":1}]}", Map.of()), METADATA).getStatus())
			.isEqualTo(Status.SUCCESS);
		CommandResponse response = this.handler.command(message(ROOM, "{}", "{\"a\":[{\"b\":[]}]}", Map.of()),
				METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo(
				"Data of a message on " + ROOM + " nested too deeply: more than 3 levels of JSON arrays and objects");
	}

	@Test
	void deepChannelIdentifierIsAnError() {
		CommandResponse response = this.handler.command(subscribe("{\"a\":[[[]]]}", "{}"), METADATA);
		assertThat(response.getErrorMsg())
			.isEqualTo("Channel identifier nested too deeply: more than 3 levels of JSON arrays and objects");
	}

	@Test
	void identifierAtTheLengthLimitPassesAndLongerIsAnError() {
		assertThat(this.handler.command(subscribe(ROOM, "{}"), METADATA).getStatus()).isEqualTo(Status.SUCCESS);
		String longer = ROOM.replace("\"1\"", "\"12\"");
		assertThat(this.handler.command(subscribe(longer, "{}"), METADATA).getErrorMsg())
			.isEqualTo("Channel identifier too long: " + longer.length() + " characters, at most " + ROOM.length());
		String identifiers = "{\"user\":\"" + "x".repeat(ROOM.length()) + "\"}";
		assertThat(this.handler.command(subscribe(ROOM, identifiers), METADATA).getErrorMsg())
			.startsWith("Connection identifiers too long");
	}

	@Test
	void stateCountsKeysAndValuesOfBothMaps() {
		assertThat(this.handler
			.command(command("subscribe", ROOM, "{}", null, Map.of("ab", "cde"), Map.of("fg", "hij")), METADATA)
			.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(this.handler
			.command(command("subscribe", ROOM, "{}", null, Map.of("ab", "cde"), Map.of("fg", "hijk")), METADATA)
			.getErrorMsg()).isEqualTo("Connection and channel state too large: 11 characters, at most 10");
	}

	@Test
	void disconnectChecksIdentifiersSubscriptionsAndChannelState() {
		DisconnectResponse deepState = this.handler
			.disconnect(disconnect("{}", List.of(ROOM), Map.of("x", "[[[[]]]]"), Map.of()), METADATA);
		assertThat(deepState.getErrorMsg())
			.isEqualTo("Channel state of x nested too deeply: more than 3 levels of JSON arrays and objects");
		assertThat(this.handler.disconnect(disconnect("{}", List.of(ROOM + " "), Map.of(), Map.of()), METADATA)
			.getErrorMsg()).startsWith("Subscription too long");
		assertThat(this.factory.executed).isEmpty();
	}

}
