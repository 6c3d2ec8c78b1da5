package io.anycable.spring.broadcast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.support.CableJson;

/**
 * Broadcasters over real transports, for the transport tests.
 */
final class TestBroadcasts {

	private TestBroadcasts() {
	}

	static CableBroadcaster broadcaster(BroadcastTransport transport) {
		return new DefaultCableBroadcaster(transport, new CableJson(new ObjectMapper()), () -> null, true);
	}

	/**
	 * Broadcast the numbers {@code 0..count-1} to a stream from 8 threads and wait (5 s
	 * at most each).
	 */
	static void broadcastConcurrently(CableBroadcaster broadcaster, String stream, int count) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> sends = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int n = i;
				sends.add(executor.submit(() -> broadcaster.broadcast(stream, n)));
			}
			for (Future<?> send : sends) {
				send.get(5, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

}
