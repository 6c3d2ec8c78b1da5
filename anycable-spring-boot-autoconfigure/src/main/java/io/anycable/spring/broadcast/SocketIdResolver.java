package io.anycable.spring.broadcast;

import org.jspecify.annotations.Nullable;

/**
 * Finds the session id of the client behind the work being done now, so that
 * {@link BroadcastOptions#toOthers()} can leave that client out. Beans of this type are
 * asked in order; the first non-null answer wins.
 *
 * @author AnyCable Spring Boot contributors
 */
@FunctionalInterface
public interface SocketIdResolver {

	/**
	 * Return the session id of the current client.
	 * @return the session id, or {@code null} when unknown here
	 */
	@Nullable String resolveSocketId();

}
