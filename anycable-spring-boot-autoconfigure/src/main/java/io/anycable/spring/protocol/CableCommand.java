package io.anycable.spring.protocol;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The commands an Action Cable client sends
 * ({@code {"command":"subscribe","identifier":...}}). The first three reach the
 * application as the {@code command} of a Command RPC; the others anycable-go answers by
 * itself.
 *
 * @author AnyCable Spring Boot contributors
 */
public enum CableCommand {

	/** Subscribe to a channel. */
	SUBSCRIBE,

	/** Unsubscribe from a channel. */
	UNSUBSCRIBE,

	/** Perform an action of a channel ({@code data} carries it). */
	MESSAGE,

	/** Send data to the subscription's whisper stream, to the other clients on it. */
	WHISPER,

	/**
	 * Ask for the messages of the subscription's streams since a point in time or an
	 * offset.
	 */
	HISTORY,

	/** Answer a server's ping (extended protocol). */
	PONG,

	/** Ask the server for a pong (extended protocol). */
	PING;

	// looked up once per Command on the RPC path: values() would copy the array every
	// time
	private static final CableCommand[] ALL = values();

	private final String wireName = name().toLowerCase(Locale.ROOT);

	/**
	 * Return the command as it is written on the wire.
	 * @return e.g. {@code subscribe}
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * Return whether anycable-go hands the command to the application in a Command RPC.
	 * @return {@code true} for subscribe, unsubscribe and message
	 */
	public boolean isRpcCommand() {
		return this == SUBSCRIBE || this == UNSUBSCRIBE || this == MESSAGE;
	}

	/**
	 * Find a command by its wire name.
	 * @param wireName the name, e.g. {@code subscribe}
	 * @return the command, or {@code null} for an unknown name
	 */
	public static @Nullable CableCommand fromWireName(String wireName) {
		for (CableCommand command : ALL) {
			if (command.wireName.equals(wireName)) {
				return command;
			}
		}
		return null;
	}

}
