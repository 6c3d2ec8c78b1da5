package io.anycable.spring.rpc.grpc.internal;

import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Attributes;
import io.grpc.ServerBuilder;
import io.grpc.ServerTransportFilter;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import org.jspecify.annotations.Nullable;

/**
 * Counts the client connections (transports) open on every gRPC server it is added to, so
 * that the shutdown drain can end once the last one is gone: anycable-go, when it shuts
 * down, sends its Disconnect calls and then closes its connection.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class RpcClientConnections extends ServerTransportFilter implements GrpcServerConfigurer {

	// grpc-java reports the end of every transport, also of one that never became ready:
	// only those counted at transportReady are counted down
	private static final Attributes.Key<Boolean> COUNTED = Attributes.Key
		.create(RpcClientConnections.class.getName() + ".counted");

	private final AtomicInteger open = new AtomicInteger();

	@Override
	public void accept(ServerBuilder<?> builder) {
		builder.addTransportFilter(this);
	}

	@Override
	public Attributes transportReady(Attributes attributes) {
		this.open.incrementAndGet();
		return attributes.toBuilder().set(COUNTED, Boolean.TRUE).build();
	}

	@Override
	public void transportTerminated(@Nullable Attributes attributes) {
		if (attributes != null && attributes.get(COUNTED) != null) {
			this.open.decrementAndGet();
		}
	}

	/**
	 * Return the number of client connections open now.
	 * @return the connections ready and not yet terminated
	 */
	public int open() {
		return this.open.get();
	}

}
