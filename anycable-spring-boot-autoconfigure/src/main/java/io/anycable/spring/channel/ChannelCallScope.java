package io.anycable.spring.channel;

import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.connection.CableState;

/**
 * Sets up what the channel methods of one Command or Disconnect call run within, and
 * tears it down after them, on the calling thread: for example the Spring Security
 * context rebuilt from the connection's identifiers, so that {@code @PreAuthorize} works
 * on actions. Beans of this type are opened in {@code @Order} and closed in reverse.
 *
 * @author AnyCable Spring Boot contributors
 */
@FunctionalInterface
public interface ChannelCallScope {

	/**
	 * Open the scope of one call, before any channel method of it runs.
	 * @param identifiers the connection's identifiers
	 * @param connectionState the connection state
	 * @param request the client's original request
	 * @return what closes the scope after the call, also when it failed
	 */
	Scope open(CableIdentifiers identifiers, CableState connectionState, CableRequest request);

	/**
	 * An open scope.
	 */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		/**
		 * Close the scope; must not throw.
		 */
		@Override
		void close();

	}

}
