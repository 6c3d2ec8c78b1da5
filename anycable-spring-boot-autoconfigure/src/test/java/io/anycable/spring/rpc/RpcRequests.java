package io.anycable.spring.rpc;

import java.util.List;
import java.util.Map;

import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.Env;

/**
 * Requests shaped the way anycable-go sends them.
 */
public final class RpcRequests {

	public static final String URL = "http://127.0.0.1:8080/cable";

	private RpcRequests() {
	}

	public static Env env(String url) {
		return Env.newBuilder().setUrl(url).putHeaders("REMOTE_ADDR", "127.0.0.1").build();
	}

	public static ConnectionRequest connect(String query) {
		return ConnectionRequest.newBuilder().setEnv(env(URL + query)).build();
	}

	public static CommandMessage command(String command, String identifier, String identifiers, String data,
			Map<String, String> cstate, Map<String, String> istate) {
		return CommandMessage.newBuilder()
			.setCommand(command)
			.setIdentifier(identifier)
			.setConnectionIdentifiers(identifiers)
			.setData((data != null) ? data : "")
			.setEnv(env(URL).toBuilder().putAllCstate(cstate).putAllIstate(istate))
			.build();
	}

	public static CommandMessage subscribe(String identifier, String identifiers) {
		return command("subscribe", identifier, identifiers, null, Map.of(), Map.of());
	}

	public static CommandMessage message(String identifier, String identifiers, String data,
			Map<String, String> istate) {
		return command("message", identifier, identifiers, data, Map.of(), istate);
	}

	public static DisconnectRequest disconnect(String identifiers, List<String> subscriptions,
			Map<String, String> istate, Map<String, String> cstate) {
		return DisconnectRequest.newBuilder()
			.setIdentifiers(identifiers)
			.addAllSubscriptions(subscriptions)
			.setEnv(env(URL).toBuilder().putAllIstate(istate).putAllCstate(cstate))
			.build();
	}

}
