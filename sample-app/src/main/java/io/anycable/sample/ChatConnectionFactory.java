package io.anycable.sample;

import java.util.Map;

import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableRequest;

import org.springframework.stereotype.Component;

/**
 * Identifies chat users by the {@code user} cookie or the {@code ?user=} URL parameter;
 * anonymous clients are rejected. A real application would check a session or a token
 * here.
 */
@Component
class ChatConnectionFactory implements CableConnectionFactory {

	@Override
	public CableConnection connect(CableRequest request) {
		return request.param("user")
			.or(() -> request.cookie("user"))
			.map(String::strip)
			.filter(ChatRooms::isValidName)
			.map((user) -> CableConnection.accept(Map.of("user", user)))
			.orElseGet(CableConnection::reject);
	}

}
