package io.anycable.spring.broadcast;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How a broadcast is delivered: which client to leave out and whether the broker may keep
 * it in its history. Immutable; each method returns a new instance. <pre class="code">
 * broadcaster.broadcast("chat/42", message, BroadcastOptions.defaults().toOthers());
 * </pre>
 *
 * @author AnyCable Spring Boot contributors
 */
public final class BroadcastOptions {

	private static final BroadcastOptions DEFAULTS = new BroadcastOptions(null, false, false);

	private final @Nullable String excludeSocket;

	private final boolean toOthers;

	private final boolean transientMessage;

	private BroadcastOptions(@Nullable String excludeSocket, boolean toOthers, boolean transientMessage) {
		this.excludeSocket = excludeSocket;
		this.toOthers = toOthers;
		this.transientMessage = transientMessage;
	}

	/**
	 * Options for a plain broadcast to every subscriber.
	 * @return the default options
	 */
	public static BroadcastOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Leave out one client.
	 * @param sid the client's session id (the {@code sid} of its welcome message)
	 * @return new options
	 */
	public BroadcastOptions excludeSocket(String sid) {
		Assert.hasText(sid, "Socket id must not be empty");
		return new BroadcastOptions(sid, this.toOthers, this.transientMessage);
	}

	/**
	 * Leave out the client that caused this broadcast: the one whose session id came with
	 * the current request (the {@code X-Socket-ID} header of an HTTP request). An
	 * explicit {@link #excludeSocket(String)} wins; without a known session id every
	 * subscriber receives it.
	 * @return new options
	 */
	public BroadcastOptions toOthers() {
		return new BroadcastOptions(this.excludeSocket, true, this.transientMessage);
	}

	/**
	 * Tell the broker not to keep this message in the stream history (for messages only
	 * worth having live, like typing notifications).
	 * @return new options
	 */
	public BroadcastOptions asTransient() {
		return new BroadcastOptions(this.excludeSocket, this.toOthers, true);
	}

	/**
	 * Return the session id to leave out, if set explicitly.
	 * @return the session id or {@code null}
	 */
	public @Nullable String getExcludeSocket() {
		return this.excludeSocket;
	}

	/**
	 * Return whether the current request's client is left out.
	 * @return whether to send to the others only
	 */
	public boolean isToOthers() {
		return this.toOthers;
	}

	/**
	 * Return whether the broker should keep the message out of the stream history.
	 * @return whether the message is transient
	 */
	public boolean isTransient() {
		return this.transientMessage;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other)
				|| (other instanceof BroadcastOptions that && Objects.equals(this.excludeSocket, that.excludeSocket)
						&& this.toOthers == that.toOthers && this.transientMessage == that.transientMessage);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.excludeSocket, this.toOthers, this.transientMessage);
	}

	@Override
	public String toString() {
		return "BroadcastOptions[excludeSocket=" + this.excludeSocket + ", toOthers=" + this.toOthers + ", transient="
				+ this.transientMessage + "]";
	}

}
