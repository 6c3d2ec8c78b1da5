package io.anycable.spring.conformance.channels;

import java.util.Map;

import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;

import org.springframework.stereotype.Component;

/**
 * Authentication of the channel scenarios, driven by the WebSocket URL's query:
 * {@code reject=1} rejects, {@code fail=1} throws, otherwise the client is accepted as
 * {@code {"uid":<uid or "anonymous">}}; {@code k=<value>} also stores connection state
 * {@code k}.
 */
@Component
public class ConformanceConnections implements CableConnectionFactory {

	@Override
	public CableConnection connect(CableRequest request) {
		if (request.param("fail").isPresent()) {
			throw new IllegalStateException("Connect failed on purpose (fail=1)");
		}
		if (request.param("reject").isPresent()) {
			return CableConnection.reject();
		}
		CableConnection accepted = CableConnection.accept(Map.of("uid", request.param("uid").orElse("anonymous")));
		return request.param("k").map((value) -> accepted.withState("k", value)).orElse(accepted);
	}

	@Override
	public void disconnect(CableIdentifiers identifiers, CableRequest request) {
		// the RpcRecorder observes Disconnect calls
	}

}
