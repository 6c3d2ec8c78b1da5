package io.anycable.sample;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a room's subscribers receive.
 *
 * @param type {@code message}, {@code announcement}, {@code join} or {@code leave}
 * @param user who did it
 * @param text the message text, {@code null} for join and leave
 * @param at when it happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChatEvent(String type, String user, String text, Instant at) {

	static ChatEvent message(String user, String text) {
		return new ChatEvent("message", user, text, Instant.now());
	}

	static ChatEvent announcement(String user, String text) {
		return new ChatEvent("announcement", user, text, Instant.now());
	}

	static ChatEvent join(String user) {
		return new ChatEvent("join", user, null, Instant.now());
	}

	static ChatEvent leave(String user) {
		return new ChatEvent("leave", user, null, Instant.now());
	}

}
