package io.anycable.spring.rpc.grpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.anycable.spring.rpc.RpcRequests.command;
import static io.anycable.spring.rpc.RpcRequests.connect;
import static io.anycable.spring.rpc.RpcRequests.disconnect;
import static io.anycable.spring.rpc.RpcRequests.message;
import static io.anycable.spring.rpc.RpcRequests.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What hostile or broken requests get back over loopback TCP: a precise gRPC status for
 * what cannot be read as a request, an ERROR response naming the limit for what breaks
 * one.
 */
class AnyCableGrpcHostileInputTests {

	private static final String ROOM = "{\"channel\":\"RoomChannel\"}";

	private static RpcTestServer server;

	@BeforeAll
	static void start() {
		server = RpcTestServer.loopback("anycable.rpc-max-identifier-size=1KB", "anycable.rpc-max-state-size=2KB",
				"anycable.rpc-max-json-depth=10", "anycable.rpc-max-response-size=1KB");
	}

	@AfterAll
	static void stop() throws InterruptedException {
		server.close();
	}

	@Test
	void invalidUtf8InAStringFieldIsInvalidArgument() {
		// field 1 (command), length 2, bytes C3 28: a lead byte followed by no
		// continuation byte
		io.grpc.Status status = rawCall(RPCGrpc.getCommandMethod(), new byte[] { 0x0A, 0x02, (byte) 0xC3, 0x28 });
		assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Malformed Command request: Protocol message had invalid UTF-8.");
	}

	@Test
	void truncatedMessageIsInvalidArgument() {
		io.grpc.Status status = rawCall(RPCGrpc.getConnectMethod(), new byte[] { 0x1A, 0x05, 0x0A });
		assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).startsWith(
				"Malformed Connect request: While parsing a protocol message, " + "the input ended unexpectedly");
	}

	@Test
	void unknownFieldsAreIgnored() throws Exception {
		byte[] request = connect("?user=x").toByteArray();
		byte[] withUnknownField = new byte[request.length + 2];
		System.arraycopy(request, 0, withUnknownField, 0, request.length);
		withUnknownField[request.length] = (byte) (15 << 3); // field 15, varint
		withUnknownField[request.length + 1] = 42;
		// a parsed message keeps its unknown fields and sends them on
		ConnectionRequest parsed = ConnectionRequest.parseFrom(withUnknownField);
		assertThat(parsed.getUnknownFields().hasField(15)).isTrue();
		ConnectionResponse response = server.blockingStub("unknown").connect(parsed);
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
	}

	@Test
	void twoRequestsInOneCallAreInvalidArgument() {
		byte[] request = connect("").toByteArray();
		io.grpc.Status status = rawCall(RPCGrpc.getConnectMethod(), request, request);
		assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Connect takes one request message, got more");
	}

	@Test
	void aCallWithoutRequestIsInvalidArgument() {
		io.grpc.Status status = rawCall(RPCGrpc.getDisconnectMethod());
		assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Disconnect takes one request message, got none");
	}

	@Test
	void messageOverTheTransportLimitIsResetByTheTransport() {
		String text = "x".repeat(5 * 1024 * 1024);
		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> server.blockingStub("huge")
					.command(message(ROOM, "{}", "{\"text\":\"" + text + "\"}", Map.of())));
		// grpc-java resets the stream (RST_STREAM CANCEL): anycable-go does not retry
		// CANCELLED
		assertThat(refused.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.CANCELLED);
		System.out.println("Oversized message: " + refused.getStatus());
		assertThat(server.factory.executed).doesNotContain("command huge");
	}

	@Test
	void unknownMethodIsUnimplemented() {
		MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName("anycable.RPC/Restore")
			.setRequestMarshaller(AnyCableGrpcService.BYTES)
			.setResponseMarshaller(AnyCableGrpcService.BYTES)
			.build();
		assertThat(call(method, new byte[0]).getCode()).isEqualTo(io.grpc.Status.Code.UNIMPLEMENTED);
	}

	@Test
	void jsonNestedTooDeeplyIsAnError() {
		String deep = "{\"a\":".repeat(11) + "1" + "}".repeat(11);
		CommandResponse response = server.blockingStub("deep").command(message(ROOM, "{}", deep, Map.of()));
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo(
				"Data of a message on " + ROOM + " nested too deeply: more than 10 levels of JSON arrays and objects");
		assertThat(server.blockingStub("deep")
			.command(message(ROOM, "{}", "{\"a\":".repeat(10) + "1" + "}".repeat(10), Map.of()))
			.getStatus()).isEqualTo(Status.SUCCESS);
	}

	@Test
	void identifierOverTheLimitIsAnError() {
		String identifier = "{\"channel\":\"" + "x".repeat(1024) + "\"}";
		CommandResponse response = server.blockingStub("long").command(subscribe(identifier, "{}"));
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).isEqualTo("Channel identifier too long: 1038 characters, at most 1024");
		DisconnectResponse disconnected = server.blockingStub("long")
			.disconnect(disconnect("{}", List.of(identifier), Map.of(), Map.of()));
		assertThat(disconnected.getErrorMsg()).isEqualTo("Subscription too long: 1038 characters, at most 1024");
	}

	@Test
	void responseOverTheLimitIsReplacedByAnErrorSoAnycableGoDoesNotRunTheCallAgain() {
		// the confirmation repeats the identifier: over 1 KB with it
		String identifier = "{\"channel\":\"" + "x".repeat(1000) + "\"}";
		CommandResponse response = server.blockingStub("big-answer").command(subscribe(identifier, "{}"));
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).matches("Command response of \\d+ bytes is over the 1024 bytes "
				+ "anycable-go accepts \\(--rpc_max_call_recv_size\\): not sent");
		assertThat(server.factory.executed).containsOnlyOnce("command big-answer");
	}

	@Test
	void connectionIdentifiersThatAreNotAJsonObjectAreAnError() {
		CommandResponse response = server.blockingStub("ids").command(subscribe(ROOM, "1e79"));
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg())
			.isEqualTo("Invalid connection identifiers \"1e79\": expected a JSON object, got number");
		assertThat(server.factory.executed).doesNotContain("command ids");
	}

	@Test
	void stateOverTheLimitIsAnError() {
		CommandResponse response = server.blockingStub("state")
			.command(command("subscribe", ROOM, "{}", null, Map.of("big", "y".repeat(2048)), Map.of()));
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg())
			.isEqualTo("Connection and channel state too large: 2051 characters, at most 2048");
		assertThat(server.factory.executed).doesNotContain("command state", "command long");
	}

	private static <Q, R> io.grpc.Status rawCall(MethodDescriptor<Q, R> method, byte[]... messages) {
		return call(method.toBuilder(AnyCableGrpcService.BYTES, AnyCableGrpcService.BYTES)
			.setType(MethodDescriptor.MethodType.BIDI_STREAMING)
			.build(), messages);
	}

	/** Send the messages as they are, then half-close; return how the call ended. */
	private static io.grpc.Status call(MethodDescriptor<byte[], byte[]> method, byte[]... messages) {
		CompletableFuture<io.grpc.Status> result = new CompletableFuture<>();
		ClientCall<byte[], byte[]> call = server.channel.newCall(method,
				CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
		call.start(new ClientCall.Listener<>() {

			@Override
			public void onClose(io.grpc.Status status, Metadata trailers) {
				result.complete(status);
			}

		}, new Metadata());
		call.request(Integer.MAX_VALUE);
		for (byte[] message : messages) {
			call.sendMessage(message);
		}
		call.halfClose();
		return result.orTimeout(10, TimeUnit.SECONDS).join();
	}

}
