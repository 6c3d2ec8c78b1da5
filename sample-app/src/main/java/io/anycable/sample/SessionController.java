package io.anycable.sample;

import java.util.Map;

import io.anycable.spring.broadcast.CableBroadcaster;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Logs a user out everywhere: the cookie goes, and every WebSocket the user has open (all
 * tabs, all devices) is closed by a remote disconnect, found by the identifiers that
 * {@link ChatConnectionFactory} accepted the connections with.
 */
@RestController
class SessionController {

	private final CableBroadcaster broadcaster;

	SessionController(CableBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
	}

	@PostMapping("/logout")
	ResponseEntity<Void> logout(@CookieValue(name = "user", required = false) String user) {
		if (user != null && ChatRooms.isValidName(user)) {
			// the same map the connection factory accepted: canonicalized, so key order
			// does not matter; reconnect=false, the client should not come back
			this.broadcaster.disconnect(Map.of("user", user), false);
		}
		ResponseCookie expired = ResponseCookie.from("user", "").path("/").maxAge(0).build();
		return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, expired.toString()).build();
	}

}
