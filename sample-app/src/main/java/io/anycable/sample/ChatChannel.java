package io.anycable.sample;

import java.util.Map;

import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.ChannelExceptionHandler;
import io.anycable.spring.channel.annotation.ChannelParam;
import io.anycable.spring.channel.annotation.ConnectionIdentifier;
import io.anycable.spring.channel.annotation.OnSubscribe;
import io.anycable.spring.channel.annotation.OnUnsubscribe;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * A chat room: clients subscribe with {@code {"channel":"ChatChannel","room":"lobby"}},
 * call {@code perform("speak", {text})}, and whisper {@code {"event":"typing","user":…}}
 * to each other.
 */
@AnyCableChannel("ChatChannel")
class ChatChannel {

	static final int MAX_TEXT_LENGTH = 1000;

	private static final Log logger = LogFactory.getLog(ChatChannel.class);

	private final CableBroadcaster broadcaster;

	ChatChannel(CableBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
	}

	@OnSubscribe
	void subscribed(ChannelHandle handle, @ChannelParam String room, @ConnectionIdentifier String user) {
		if (!ChatRooms.isValidName(room)) {
			handle.reject();
			return;
		}
		// whisper: typing notices go from client to client through the server, without an
		// RPC call
		handle.streamFrom(ChatRooms.stream(room), true);
		announce(room, ChatEvent.join(user));
	}

	@OnUnsubscribe
	void unsubscribed(@ChannelParam String room, @ConnectionIdentifier String user) {
		announce(room, ChatEvent.leave(user));
	}

	/**
	 * Tell a room who joined or left: a side effect, so a broker outage is logged and
	 * never keeps a user out of a room (or in it).
	 */
	private void announce(String room, ChatEvent event) {
		this.broadcaster.broadcastAsync(ChatRooms.stream(room), event).exceptionally((ex) -> {
			logger.warn("Could not announce " + event.type() + " of " + event.user() + " in " + room + ": "
					+ ex.getMessage());
			return null;
		});
	}

	@Action
	void speak(@ChannelParam String room, @ConnectionIdentifier String user, SpeakRequest request) {
		String text = (request.text() != null) ? request.text().strip() : "";
		if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
			throw new InvalidMessageException("A message has 1 to " + MAX_TEXT_LENGTH + " characters");
		}
		this.broadcaster.broadcast(ChatRooms.stream(room), ChatEvent.message(user, text));
	}

	/** Admins only: a notice to everyone in the room. */
	@Action
	@PreAuthorize("hasRole('ADMIN')")
	void announce(@ChannelParam String room, @ConnectionIdentifier String user, SpeakRequest request) {
		String text = (request.text() != null) ? request.text().strip() : "";
		if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
			throw new InvalidMessageException("An announcement has 1 to " + MAX_TEXT_LENGTH + " characters");
		}
		this.broadcaster.broadcast(ChatRooms.stream(room), ChatEvent.announcement(user, text));
	}

	@ChannelExceptionHandler
	Map<String, String> denied(AccessDeniedException ex) {
		return Map.of("type", "error", "text", "Only admins can announce");
	}

	@ChannelExceptionHandler
	Map<String, String> invalidMessage(InvalidMessageException ex) {
		return Map.of("type", "error", "text", ex.getMessage());
	}

	record SpeakRequest(String text) {
	}

	static class InvalidMessageException extends RuntimeException {

		InvalidMessageException(String message) {
			super(message);
		}

	}

}
