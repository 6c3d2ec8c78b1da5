package io.anycable.sample;

import java.security.Principal;

import io.anycable.spring.broadcast.BroadcastOptions;
import io.anycable.spring.broadcast.CableBroadcaster;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Posts into a room from plain HTTP (a bot, another service, a form) as the logged-in
 * user. With the {@code X-Socket-ID} header of the sending browser tab, that tab does not
 * get its own message back.
 */
@RestController
class RoomController {

	private final CableBroadcaster broadcaster;

	RoomController(CableBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
	}

	@PostMapping("/rooms/{room}/messages")
	ResponseEntity<ChatEvent> post(@PathVariable String room, @RequestBody PostRequest request, Principal user) {
		String text = (request.text() != null) ? request.text().strip() : "";
		if (!ChatRooms.isValidName(room) || text.isEmpty() || text.length() > ChatChannel.MAX_TEXT_LENGTH) {
			return ResponseEntity.badRequest().build();
		}
		ChatEvent event = ChatEvent.message(user.getName(), text);
		this.broadcaster.broadcast(ChatRooms.stream(room), event, BroadcastOptions.defaults().toOthers());
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(event);
	}

	record PostRequest(String text) {
	}

}
