package io.anycable.spring.rpc;

import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

import org.springframework.util.Assert;

/**
 * The {@code anycable.RPC} gRPC service: reads the {@code sid} and {@code protov} metadata and delegates
 * to an {@link AnyCableRpcHandler}. Plain grpc-java, so any gRPC server integration can serve it.
 *
 * @author AnyCable Spring Boot contributors
 */
public class AnyCableGrpcService implements RPCGrpc.AsyncService, BindableService {

	/** Metadata key of the session id. */
	public static final Metadata.Key<String> SID_KEY = Metadata.Key.of("sid", Metadata.ASCII_STRING_MARSHALLER);

	/** Metadata key of the RPC protocol versions the caller speaks. */
	public static final Metadata.Key<String> PROTOCOL_VERSION_KEY = Metadata.Key.of("protov",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Context.Key<RpcMetadata> METADATA = Context.keyWithDefault("anycable-rpc-metadata",
			RpcMetadata.NONE);

	private final AnyCableRpcHandler handler;

	/**
	 * Create the service.
	 * @param handler the handler that answers every call
	 */
	public AnyCableGrpcService(AnyCableRpcHandler handler) {
		Assert.notNull(handler, "AnyCableRpcHandler must not be null");
		this.handler = handler;
	}

	@Override
	public void connect(ConnectionRequest request, StreamObserver<ConnectionResponse> responseObserver) {
		responseObserver.onNext(this.handler.connect(request, METADATA.get()));
		responseObserver.onCompleted();
	}

	@Override
	public void command(CommandMessage request, StreamObserver<CommandResponse> responseObserver) {
		responseObserver.onNext(this.handler.command(request, METADATA.get()));
		responseObserver.onCompleted();
	}

	@Override
	public void disconnect(DisconnectRequest request, StreamObserver<DisconnectResponse> responseObserver) {
		responseObserver.onNext(this.handler.disconnect(request, METADATA.get()));
		responseObserver.onCompleted();
	}

	@Override
	public ServerServiceDefinition bindService() {
		return ServerInterceptors.intercept(RPCGrpc.bindService(this), new MetadataInterceptor());
	}

	private static final class MetadataInterceptor implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			RpcMetadata metadata = new RpcMetadata(headers.get(SID_KEY), headers.get(PROTOCOL_VERSION_KEY));
			return Contexts.interceptCall(Context.current().withValue(METADATA, metadata), call, headers, next);
		}

	}

}
