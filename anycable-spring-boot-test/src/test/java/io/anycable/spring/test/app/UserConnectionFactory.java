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
		return request.param("user")
			.or(() -> request.cookie("user"))
			.map((user) -> CableConnection.accept(Map.of("user", user)))
			.orElseGet(CableConnection::reject);
	}

}
