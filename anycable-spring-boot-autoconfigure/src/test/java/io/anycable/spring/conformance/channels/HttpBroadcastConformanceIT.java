package io.anycable.spring.conformance.channels;

import io.anycable.spring.conformance.support.ConformanceEnvironment;
import io.anycable.spring.conformance.support.broadcast.HttpBroadcastTransport;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broadcast scenarios over anycable-go's HTTP broadcaster ({@code POST /_broadcast}).
 */
class HttpBroadcastConformanceIT extends AbstractBroadcastConformance {

	@RegisterExtension
	static final ConformanceEnvironment env = ConformanceEnvironment.of(ChannelConformanceApp.class)
		.broadcastVia(HttpBroadcastTransport.INSTANCE);

	@Override
	ConformanceEnvironment env() {
		return env;
	}

}
