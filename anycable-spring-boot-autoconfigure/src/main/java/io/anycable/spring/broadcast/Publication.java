package io.anycable.spring.broadcast;

import io.anycable.spring.support.CableJson;

/**
 * One entry of what anycable-go reads from its broadcast adapter: a message for a stream or a remote
 * command, already in its JSON form.
 *
 * @param stream the stream of a message, {@code null} for a command
 * @param json the JSON object text
 * @param description what it is, for messages
 */
record Publication(String stream, String json, String description) {

	static Publication message(String stream, String data, String excludeSocket, boolean transientMessage) {
		StringBuilder json = new StringBuilder(data.length() + stream.length() + 64);
		json.append("{\"stream\":").append(CableJson.quote(stream));
		json.append(",\"data\":").append(CableJson.quote(data));
		if (excludeSocket != null || transientMessage) {
			json.append(",\"meta\":{");
			if (excludeSocket != null) {
				json.append("\"exclude_socket\":").append(CableJson.quote(excludeSocket));
			}
			if (transientMessage) {
				json.append((excludeSocket != null) ? "," : "").append("\"transient\":true");
			}
			json.append('}');
		}
		return new Publication(stream, json.append('}').toString(), "broadcast to stream '" + stream + "'");
	}

	static Publication disconnect(String identifiersJson, boolean reconnect) {
		String json = "{\"command\":\"disconnect\",\"payload\":{\"identifier\":" + CableJson.quote(identifiersJson)
				+ ",\"reconnect\":" + reconnect + "}}";
		return new Publication(null, json, "remote disconnect of " + identifiersJson);
	}

	boolean isCommand() {
		return this.stream == null;
	}

}
