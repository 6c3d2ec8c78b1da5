package io.anycable.spring.boot.actuate.health;

import io.anycable.spring.broadcast.BroadcastTransport;
import io.anycable.spring.support.UrlCredentials;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of the broker broadcasts go through: UP when the transport can reach it, DOWN
 * otherwise, since broadcasts fail meanwhile. A check may connect, within the transport's
 * timeout. The details name the {@code adapter} and the {@code target} (URL or servers,
 * without credentials) and, when DOWN, the {@code error} the check ran into.
 *
 * @author AnyCable Spring Boot contributors
 */
public class AnyCableBroadcastHealthIndicator extends AbstractHealthIndicator {

	private final BroadcastTransport transport;

	/**
	 * Create the indicator.
	 * @param transport the transport whose broker connection is reported
	 */
	public AnyCableBroadcastHealthIndicator(BroadcastTransport transport) {
		super("AnyCable broadcast health check failed");
		this.transport = transport;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("adapter", this.transport.name()).withDetail("target", this.transport.target());
		try {
			this.transport.checkConnection();
			builder.up();
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			builder.down().withDetail("error", reason(ex));
		}
	}

	// the messages of the chain, outermost first ("Unable to connect to localhost:6379:
	// Connection refused"), as
	// clients word the cause on its own; any URL in them loses its user info
	private static String reason(Throwable failure) {
		StringBuilder reason = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && !message.isBlank() && reason.indexOf(message) < 0) {
				reason.append((reason.length() > 0) ? ": " : "").append(message);
			}
		}
		return (reason.length() > 0) ? UrlCredentials.scrub(reason.toString()) : failure.getClass().getName();
	}

}
