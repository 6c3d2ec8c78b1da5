package io.anycable.spring.protocol;

/**
 * The subscription state keys anycable-go reserves for itself and reads after a Command:
 * the stream a subscription whispers to, and the stream its presence is tracked on
 * (anycable-go 1.6).
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableStateKeys {

	/** The stream that whispers of the subscription go to. */
	public static final String WHISPER_STREAM = "$w";

	/** The stream the subscription's presence is tracked on. */
	public static final String PRESENCE_STREAM = "$p";

	private CableStateKeys() {
	}

}
