package io.anycable.spring.test.app;

import java.util.Map;

import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableRequest;

import org.springframework.stereotype.Component;

@Component
public class UserConnectionFactory implements CableConnectionFactory {

	@Override
	public CableConnection connect(CableRequest request) {
		if (request.param("expired").isPresent()) {
			return CableConnection.reject("token_expired");
		}
		if (request.param("team").isPresent()) {
			// NaN is not JSON: refused where the connection is accepted
			return CableConnection.accept(Map.of("team", Double.NaN));
		}
		return request.param("user")
			.or(() -> request.cookie("user"))
			.map((user) -> CableConnection.accept(Map.of("user", user)))
			.orElseGet(CableConnection::reject);
	}

}
