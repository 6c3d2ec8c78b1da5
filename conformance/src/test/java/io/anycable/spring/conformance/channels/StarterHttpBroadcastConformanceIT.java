package io.anycable.spring.conformance.channels;

import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.broadcast.StarterBroadcastTarget;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broadcast scenarios through the starter's own {@code CableBroadcaster} with
 * {@code anycable.broadcast-adapter=http} (and anycable-go's
 * {@code --broadcast_adapter=http}).
 */
class StarterHttpBroadcastConformanceIT extends AbstractStarterBroadcastConformance {

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(ChannelConformanceApp.class)
		.broadcastVia(StarterBroadcastTarget.http());

	@Override
	ConformanceEnvironment env() {
		return env;
	}

}
