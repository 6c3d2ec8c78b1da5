package io.anycable.spring.broadcast;

import io.anycable.spring.protocol.Publications;
import org.jspecify.annotations.Nullable;

/**
 * One entry of what anycable-go reads from its broadcast adapter: a message for a stream
 * or a remote command, already in its JSON form.
 *
 * @param stream the stream of a message, {@code null} for a command
 * @param json the JSON object text
 * @param description what it is, for messages
 */
record Publication(@Nullable String stream, String json, String description) {

	static Publication message(String stream, String data, @Nullable String excludeSocket, boolean transientMessage) {
		return new Publication(stream, Publications.message(stream, data, excludeSocket, transientMessage),
				"broadcast to stream '" + stream + "'");
	}

	static Publication disconnect(String identifiersJson, boolean reconnect) {
		return new Publication(null, Publications.disconnect(identifiersJson, reconnect),
				"remote disconnect of " + identifiersJson);
	}

	boolean isCommand() {
		return this.stream == null;
	}

}
