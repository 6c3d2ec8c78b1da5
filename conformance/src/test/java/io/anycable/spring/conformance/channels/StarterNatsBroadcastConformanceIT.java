package io.anycable.spring.conformance.channels;

import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.broadcast.StarterBroadcastTarget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broadcast scenarios through the starter's own {@code CableBroadcaster} with
 * {@code anycable.broadcast-adapter=nats} (and anycable-go's
 * {@code --broadcast_adapter=nats}).
 */
// the broker adapter is under test; with the embedded server broadcasts are in-process
// whatever the adapter, as in StarterHttpBroadcastConformanceIT
@Tag(ConformanceEnvironment.ANYCABLE_GO_ONLY)
class StarterNatsBroadcastConformanceIT extends AbstractStarterBroadcastConformance {

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(ChannelConformanceApp.class)
		.broadcastVia(StarterBroadcastTarget.nats());

	@Override
	ConformanceEnvironment env() {
		return env;
	}

}
