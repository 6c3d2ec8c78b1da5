package io.anycable.spring.conformance.channels;

import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.broadcast.HttpBroadcastTarget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broadcast scenarios over anycable-go's HTTP broadcaster ({@code POST /_broadcast}).
 */
// publishes by POSTing to anycable-go's broadcast endpoint; the embedded run uses
// StarterHttpBroadcastConformanceIT
@Tag(ConformanceEnvironment.ANYCABLE_GO_ONLY)
class HttpBroadcastConformanceIT extends AbstractBroadcastConformance {

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(ChannelConformanceApp.class)
		.broadcastVia(HttpBroadcastTarget.INSTANCE);

	@Override
	ConformanceEnvironment env() {
		return env;
	}

}
