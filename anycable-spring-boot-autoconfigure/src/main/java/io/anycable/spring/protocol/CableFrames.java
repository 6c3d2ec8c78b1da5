package io.anycable.spring.protocol;

import io.anycable.spring.support.CableJson;

/**
 * The Action Cable frames the server side produces, byte for byte as Action Cable and anycable-rails
 * write them. Identifiers are embedded as the exact string the client sent (clients match by string).
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableFrames {

	/** The frame that rejects a connection. */
	public static final String UNAUTHORIZED = disconnect("unauthorized", false);

	private CableFrames() {
	}

	/**
	 * The frame that accepts a connection.
	 * @param sid the session id; omitted when empty
	 * @return the frame
	 */
	public static String welcome(String sid) {
		if (sid == null || sid.isEmpty()) {
			return "{\"type\":\"welcome\"}";
		}
		return "{\"type\":\"welcome\",\"sid\":" + CableJson.quote(sid) + "}";
	}

	/**
	 * The frame that tells the client why it is disconnected.
	 * @param reason e.g. {@code unauthorized}, {@code remote}, {@code server_restart}
	 * @param reconnect whether the client should reconnect
	 * @return the frame
	 */
	public static String disconnect(String reason, boolean reconnect) {
		return "{\"type\":\"disconnect\",\"reason\":" + CableJson.quote(reason) + ",\"reconnect\":" + reconnect + "}";
	}

	/**
	 * The frame that confirms a subscription.
	 * @param identifier the channel identifier as the client sent it
	 * @return the frame
	 */
	public static String confirmSubscription(String identifier) {
		return "{\"identifier\":" + CableJson.quote(identifier) + ",\"type\":\"confirm_subscription\"}";
	}

	/**
	 * The frame that rejects a subscription.
	 * @param identifier the channel identifier as the client sent it
	 * @return the frame
	 */
	public static String rejectSubscription(String identifier) {
		return "{\"identifier\":" + CableJson.quote(identifier) + ",\"type\":\"reject_subscription\"}";
	}

	/**
	 * A data frame for one subscription.
	 * @param identifier the channel identifier as the client sent it
	 * @param messageJson the message, already encoded as a JSON value
	 * @return the frame
	 */
	public static String message(String identifier, String messageJson) {
		return "{\"identifier\":" + CableJson.quote(identifier) + ",\"message\":" + messageJson + "}";
	}

}
