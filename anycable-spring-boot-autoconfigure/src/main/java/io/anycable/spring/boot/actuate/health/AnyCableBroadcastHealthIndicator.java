package io.anycable.spring.boot.actuate.health;

import io.anycable.spring.broadcast.BroadcastTransport;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of the broker broadcasts go through: UP when the transport can reach it, DOWN otherwise, since
 * broadcasts fail meanwhile. A check may connect, within the transport's timeout.
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
		builder.status(this.transport.isConnected() ? org.springframework.boot.actuate.health.Status.UP
				: org.springframework.boot.actuate.health.Status.DOWN)
			.withDetail("adapter", this.transport.name());
	}

}
