package io.anycable.sample;

import java.util.regex.Pattern;

/**
 * Names of rooms and users, and the stream a room broadcasts on.
 */
final class ChatRooms {

	private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.-]{1,32}");

	private ChatRooms() {
	}

	static String stream(String room) {
		return "chat:" + room;
	}

	static boolean isValidName(String name) {
		return name != null && NAME.matcher(name).matches();
	}

}
