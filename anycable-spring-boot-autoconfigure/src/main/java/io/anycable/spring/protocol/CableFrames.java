package io.anycable.spring.protocol;

/**
 * The Action Cable frames the server side produces, byte for byte as Action Cable and
 * anycable-rails write them. Identifiers are embedded as the exact string the client sent
 * (clients match by string).
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableFrames {

	/** The reason of a plain rejection of a connection. */
	public static final String UNAUTHORIZED_REASON = "unauthorized";

	/** The frame that rejects a connection. */
	public static final String UNAUTHORIZED = disconnect(UNAUTHORIZED_REASON, false);

	private static final String DISCONNECT_START = "{\"type\":\"disconnect\",";

	/** The answer to a client's {@code ping} command (extended protocol). */
	public static final String PONG = "{\"type\":\"pong\"}";

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
		return "{\"type\":\"welcome\",\"sid\":" + JsonStrings.quote(sid) + "}";
	}

	/**
	 * The frame that tells the client why it is disconnected.
	 * @param reason e.g. {@code unauthorized}, {@code remote}, {@code server_restart}
	 * @param reconnect whether the client should reconnect
	 * @return the frame
	 */
	public static String disconnect(String reason, boolean reconnect) {
		return DISCONNECT_START + "\"reason\":" + JsonStrings.quote(reason) + ",\"reconnect\":" + reconnect + "}";
	}

	/**
	 * Whether a frame is a {@link #disconnect(String, boolean) disconnect} frame.
	 * @param frame the frame
	 * @return {@code true} for a disconnect frame, whatever its reason
	 */
	public static boolean isDisconnect(String frame) {
		return frame.startsWith(DISCONNECT_START);
	}

	/**
	 * The frame that confirms a subscription.
	 * @param identifier the channel identifier as the client sent it
	 * @return the frame
	 */
	public static String confirmSubscription(String identifier) {
		return "{\"identifier\":" + JsonStrings.quote(identifier) + ",\"type\":\"confirm_subscription\"}";
	}

	/**
	 * The frame that rejects a subscription.
	 * @param identifier the channel identifier as the client sent it
	 * @return the frame
	 */
	public static String rejectSubscription(String identifier) {
		return "{\"identifier\":" + JsonStrings.quote(identifier) + ",\"type\":\"reject_subscription\"}";
	}

	/**
	 * A data frame for one subscription.
	 * @param identifier the channel identifier as the client sent it
	 * @param messageJson the message, already encoded as a JSON value
	 * @return the frame
	 */
	public static String message(String identifier, String messageJson) {
		return "{\"identifier\":" + JsonStrings.quote(identifier) + ",\"message\":" + messageJson + "}";
	}

	/**
	 * The frame the server pings clients with.
	 * @param unixSeconds the current time, in seconds since the epoch
	 * @return the frame
	 */
	public static String ping(long unixSeconds) {
		return "{\"type\":\"ping\",\"message\":" + unixSeconds + "}";
	}

	/**
	 * The frame that refuses a {@code history} command (no history is kept for the
	 * subscription's streams).
	 * @param identifier the channel identifier as the client sent it
	 * @return the frame
	 */
	public static String rejectHistory(String identifier) {
		return "{\"type\":\"reject_history\",\"identifier\":" + JsonStrings.quote(identifier) + "}";
	}

}
