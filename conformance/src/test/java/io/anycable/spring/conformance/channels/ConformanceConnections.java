package io.anycable.spring.conformance.channels;

import java.util.LinkedHashMap;
import java.util.Map;

import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;

import org.springframework.stereotype.Component;

/**
 * Authentication of the channel scenarios, driven by the WebSocket URL's query:
 * {@code reject=1} rejects (with {@code reason=<reason>}, with that reason),
 * {@code fail=1} throws, otherwise the client is accepted as {@code {"uid":<uid or
 * "anonymous">}}; {@code k=<value>} also stores connection state {@code k};
 * {@code org=<name>} adds the nested identifier {@code "org":{"id":<name
 * length>,"name":<name>}}.
 */
@Component
public class ConformanceConnections implements CableConnectionFactory {

	@Override
	public CableConnection connect(CableRequest request) {
		if (request.param("fail").isPresent()) {
			throw new IllegalStateException("Connect failed on purpose (fail=1)");
		}
		if (request.param("reject").isPresent()) {
			return request.param("reason").map(CableConnection::reject).orElseGet(CableConnection::reject);
		}
		Map<String, Object> identifiers = new LinkedHashMap<>();
		identifiers.put("uid", request.param("uid").orElse("anonymous"));
		// a nested identifier (an object, as serverless-js and GlobalID-like ids allow)
		request.param("org").ifPresent((org) -> identifiers.put("org", Map.of("name", org, "id", org.length())));
		CableConnection accepted = CableConnection.accept(identifiers);
		return request.param("k").map((value) -> accepted.withState("k", value)).orElse(accepted);
	}

	@Override
	public void disconnect(CableIdentifiers identifiers, CableRequest request) {
		// the RpcRecorder observes Disconnect calls
	}

}
