package io.anycable.spring.test;

import java.util.Map;

import io.anycable.spring.jwt.CableJwtIssuer;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.grpc.AnyCableGrpcService;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.support.CableJson;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

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

	private final @Nullable CableJwtIssuer jwtIssuer;

	/**
	 * Create a tester.
	 * @param channel a channel to the application's {@code anycable.RPC} service
	 * @param json the application's JSON support, to write identifiers and action data
	 */
	public CableTester(Channel channel, CableJson json) {
		this(channel, json, null);
	}

	/**
	 * Create a tester that can connect with AnyCable JWTs.
	 * @param channel a channel to the application's {@code anycable.RPC} service
	 * @param json the application's JSON support, to write identifiers and action data
	 * @param jwtIssuer the application's issuer, {@code null} without a JWT secret
	 */
	public CableTester(Channel channel, CableJson json, @Nullable CableJwtIssuer jwtIssuer) {
		this.channel = channel;
		this.json = json;
		this.jwtIssuer = jwtIssuer;
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
	 * Connect with an AnyCable JWT the application issued for the identifiers, as a page
	 * would hand it to the JS client; the application answers it as anycable-go would,
	 * without asking the connection factory.
	 * @param identifiers the identifiers, e.g. {@code Map.of("user", "jane")}
	 * @return the connection
	 * @throws IllegalStateException without a JWT secret ({@code anycable.secret} or
	 * {@code anycable.jwt-secret})
	 */
	public TestConnection connectAs(Map<String, ?> identifiers) {
		Assert.state(this.jwtIssuer != null,
				"No CableJwtIssuer: set anycable.secret (or anycable.jwt-secret) to connect with an AnyCable JWT");
		return connect(CableTestRequest.create().param(this.jwtIssuer.param(), this.jwtIssuer.issue(identifiers)));
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
