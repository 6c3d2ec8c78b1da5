package io.anycable.bench.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.broadcast.DefaultCableBroadcaster;
import io.anycable.spring.broadcast.RedisBroadcastTransport;
import io.anycable.spring.support.CableJson;
import io.lettuce.core.RedisURI;

/**
 * R3: how fast {@link CableBroadcaster} (redis adapter, as auto-configured: one Lettuce connection,
 * {@code PUBLISH} awaited) publishes the same 320-byte publication that {@code redis-benchmark} sends, at
 * the same concurrency (C threads calling {@code broadcast}); and with {@code batch} of 16 broadcasts
 * per publication. Prints one JSON line per case.
 * <p>
 * Usage: {@code PublishBenchmark <redis-url> <broadcasts per case> <publication JSON>}.
 */
public final class PublishBenchmark {

	private PublishBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		int count = Integer.parseInt(args[1]);
		ObjectMapper mapper = JsonMapper.builder().build();
		JsonNode publication = mapper.readTree(args[2]);
		String stream = publication.get("stream").textValue();
		// the payload whose broadcast produces exactly the publication redis-benchmark sends
		JsonNode payload = mapper.readTree(publication.get("data").textValue());
		RedisURI uri = RedisURI.create(url);
		uri.setTimeout(Duration.ofSeconds(5));
		try (RedisBroadcastTransport transport = RedisBroadcastTransport.publish(uri, "__anycable__")) {
			CableBroadcaster broadcaster = new DefaultCableBroadcaster(transport, new CableJson(mapper), () -> null,
					false);
			run(broadcaster, stream, payload, 50, count / 4, 1);
			for (int threads : new int[] { 1, 50 }) {
				print(run(broadcaster, stream, payload, threads, (threads == 1) ? count / 4 : count, 1), threads, 1);
			}
			print(run(broadcaster, stream, payload, 50, count * 4, 16), 50, 16);
		}
	}

	/**
	 * Broadcast {@code total} times from {@code threads} threads, {@code batch} broadcasts per publication.
	 * @return rps, then the latency of each publish call in nanoseconds (sorted)
	 */
	static Result run(CableBroadcaster broadcaster, String stream, Object payload, int threads, int total, int batch)
			throws InterruptedException {
		int perThread = Math.max(1, total / threads / batch);
		long[][] latencies = new long[threads][perThread];
		CountDownLatch start = new CountDownLatch(1);
		AtomicLong failures = new AtomicLong();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			long[] mine = latencies[t];
			Thread worker = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				for (int i = 0; i < perThread; i++) {
					long begin = System.nanoTime();
					try {
						if (batch == 1) {
							broadcaster.broadcast(stream, payload);
						}
						else {
							broadcaster.batch(() -> {
								for (int b = 0; b < batch; b++) {
									broadcaster.broadcast(stream, payload);
								}
							});
						}
					}
					catch (RuntimeException ex) {
						failures.incrementAndGet();
					}
					mine[i] = System.nanoTime() - begin;
				}
			});
			workers.add(worker);
			worker.start();
		}
		long begin = System.nanoTime();
		start.countDown();
		for (Thread worker : workers) {
			worker.join(300_000);
		}
		double seconds = (System.nanoTime() - begin) / 1e9;
		long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
		return new Result((double) all.length * batch / seconds, all, failures.get());
	}

	record Result(double rps, long[] latencies, long failures) {

		double percentile(double p) {
			return this.latencies[(int) Math.min(this.latencies.length - 1, Math.round(p * this.latencies.length))] / 1e6;
		}

	}

	static void print(Result result, int threads, int batch) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("kind", "r3");
		line.put("publisher", "ours (CableBroadcaster, redis)");
		line.put("mode", (batch == 1) ? "broadcast() awaited" : "batch() of " + batch + " broadcasts");
		line.put("c", threads);
		line.put("pipeline", batch);
		line.put("count", result.latencies().length * batch);
		line.put("failures", result.failures());
		line.put("rps", result.rps());
		line.put("p50_ms", result.percentile(0.50));
		line.put("p99_ms", result.percentile(0.99));
		StringBuilder json = new StringBuilder("{");
		line.forEach((key, value) -> json.append((json.length() > 1) ? "," : "")
			.append('"').append(key).append("\":")
			.append((value instanceof String text) ? CableJson.quote(text) : String.valueOf(value)));
		System.out.println(json.append('}'));
	}

}
