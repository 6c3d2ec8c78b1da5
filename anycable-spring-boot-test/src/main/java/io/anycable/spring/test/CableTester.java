package io.anycable.spring.test;

import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.support.CableJson;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * Drives the application's channels the way anycable-go does, through the real generated
 * gRPC stubs and protobuf messages: a passing test means it works behind anycable-go. It
 * keeps what anycable-go keeps between calls (identifiers, connection state, each
 * subscription's state and streams) and sends it back on the next call, including
 * Disconnect.
 *
 * <pre class="code">
 * TestConnection connection = cableTester.connect(CableTestRequest.create().param("user", "jane"));
 * TestSubscription chat = connection.subscribe("ChatChannel", Map.of("room", "lobby"));
 * chat.perform("speak", Map.of("text", "hi"));
 * assertThat(chat).isConfirmed().hasStreams("chat:lobby");
 * </pre>
 *
 * @author AnyCable Spring Boot contributors
 */
public class CableTester {

	private final Channel channel;

	private final CableJson json;

	/**
	 * Create a tester.
	 * @param channel a channel to the application's {@code anycable.RPC} service
	 * @param json the application's JSON support, to write identifiers and action data
	 */
	public CableTester(Channel channel, CableJson json) {
		this.channel = channel;
		this.json = json;
	}

	/**
	 * Connect with the default request ({@code http://localhost:8080/cable}, no headers
	 * or cookies).
	 * @return the connection, accepted or not
	 */
	public TestConnection connect() {
		return connect(CableTestRequest.create());
	}

	/**
	 * Connect: runs the Connect RPC.
	 * @param request the WebSocket request
	 * @return the connection, accepted or not
	 */
	public TestConnection connect(CableTestRequest request) {
		Metadata metadata = new Metadata();
		metadata.put(AnyCableGrpcService.SID_KEY, request.sid());
		metadata.put(AnyCableGrpcService.PROTOCOL_VERSION_KEY, AnyCableRpcHandler.PROTOCOL_VERSION);
		RPCGrpc.RPCBlockingStub stub = RPCGrpc.newBlockingStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
		return new TestConnection(stub, this.json, request);
	}

}
