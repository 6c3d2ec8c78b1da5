package io.anycable.spring.broadcast;

import io.anycable.spring.rpc.RpcCallContext;
import org.jspecify.annotations.Nullable;

/**
 * Finds the client of the RPC call being handled, so that
 * {@link BroadcastOptions#toOthers()} works from a channel action: the client that
 * performed it does not get its own broadcast back.
 *
 * @author AnyCable Spring Boot contributors
 */
public class RpcCallSocketIdResolver implements SocketIdResolver {

	@Override
	public @Nullable String resolveSocketId() {
		return RpcCallContext.sid().orElse(null);
	}

}
