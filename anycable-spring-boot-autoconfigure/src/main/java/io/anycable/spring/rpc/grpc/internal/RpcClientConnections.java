package io.anycable.spring.rpc.grpc.internal;

import java.util.concurrent.atomic.AtomicInteger;

import io.anycable.spring.rpc.proto.RPCGrpc;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerTransportFilter;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import org.jspecify.annotations.Nullable;

/**
 * Counts the client connections (transports) open on every gRPC server it is added to
 * that called {@code anycable.RPC}, so that the shutdown drain can end once the last one
 * is gone: anycable-go, when it shuts down, sends its Disconnect calls and then closes
 * its connection. Clients of the application's other services (health checks, its own
 * {@code @GrpcService}s) do not hold the drain.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class RpcClientConnections extends ServerTransportFilter
		implements ServerInterceptor, GrpcServerConfigurer {

	// set on every transport that became ready (grpc-java also reports the end of one
	// that never did): it counts from its first anycable.RPC call until it ends
	private static final Attributes.Key<AtomicInteger> STATE = Attributes.Key
		.create(RpcClientConnections.class.getName() + ".state");

	private static final int NO_RPC_CALL = 0;

	private static final int COUNTED = 1;

	private static final int ENDED = 2;

	private final AtomicInteger open = new AtomicInteger();

	@Override
	public void accept(ServerBuilder<?> builder) {
		builder.addTransportFilter(this);
		builder.intercept(this);
	}

	@Override
	public Attributes transportReady(Attributes attributes) {
		return attributes.toBuilder().set(STATE, new AtomicInteger(NO_RPC_CALL)).build();
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		if (RPCGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
			AtomicInteger state = call.getAttributes().get(STATE);
			if (state != null && state.get() == NO_RPC_CALL && state.compareAndSet(NO_RPC_CALL, COUNTED)) {
				this.open.incrementAndGet();
			}
		}
		return next.startCall(call, headers);
	}

	@Override
	public void transportTerminated(@Nullable Attributes attributes) {
		AtomicInteger state = (attributes != null) ? attributes.get(STATE) : null;
		// a call racing the end of its transport is not counted after it
		if (state != null && state.getAndSet(ENDED) == COUNTED) {
			this.open.decrementAndGet();
		}
	}

	/**
	 * Return the number of client connections open now that called {@code anycable.RPC}.
	 * @return the connections that called it and have not ended yet
	 */
	public int open() {
		return this.open.get();
	}

}
