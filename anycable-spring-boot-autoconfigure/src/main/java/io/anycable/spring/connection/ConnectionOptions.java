package io.anycable.spring.connection;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What anycable-go tells about an existing connection on a call: its identifiers (from
 * the accepted Connect) and, on Disconnect, every channel identifier it was subscribed
 * to.
 *
 * @param identifiers the identifiers JSON, {@code null} on Connect or when there are none
 * @param subscriptions the channel identifiers (Disconnect), otherwise empty
 * @author AnyCable Spring Boot contributors
 */
public record ConnectionOptions(@Nullable String identifiers, List<String> subscriptions) {

	public ConnectionOptions {
		subscriptions = (subscriptions != null) ? List.copyOf(subscriptions) : List.of();
	}

}
