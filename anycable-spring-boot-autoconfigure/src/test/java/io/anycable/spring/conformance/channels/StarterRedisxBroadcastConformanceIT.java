package io.anycable.spring.conformance.channels;

import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.broadcast.StarterBroadcastTransport;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broadcast scenarios through the starter's own {@code CableBroadcaster} with
 * {@code anycable.broadcast-adapter=redisx} (and anycable-go's {@code --broadcast_adapter=redisx}).
 */
class StarterRedisxBroadcastConformanceIT extends AbstractBroadcastConformance {

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(ChannelConformanceApp.class)
		.broadcastVia(StarterBroadcastTransport.redisx());

	@Override
	ConformanceEnvironment env() {
		return env;
	}

}
