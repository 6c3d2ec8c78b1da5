package io.anycable.bench.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.broadcast.DefaultCableBroadcaster;
import io.anycable.spring.broadcast.RedisBroadcastTransport;
import io.anycable.spring.protocol.JsonStrings;
import io.anycable.spring.support.CableJson;
import io.lettuce.core.RedisURI;

/**
 * R3: how fast {@link CableBroadcaster} (redis adapter, as auto-configured: one Lettuce
 * connection, {@code PUBLISH} awaited) publishes the same 320-byte publication that
 * {@code redis-benchmark} sends, at the same concurrency (C threads calling
 * {@code broadcast}); with {@code batch} of 16 broadcasts per publication; and with
 * {@code broadcastAsync}, C broadcasts in flight from one thread as redis-benchmark keeps
 * C requests in flight from its one event loop. Prints one JSON line per case.
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
		// the payload whose broadcast produces exactly the publication redis-benchmark
		// sends
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
			runAsync(broadcaster, stream, payload, 50, count / 4);
			for (int inFlight : new int[] { 1, 50 }) {
				print(runAsync(broadcaster, stream, payload, inFlight, (inFlight == 1) ? count / 4 : count), inFlight,
						-1);
			}
		}
	}

	/**
	 * Broadcast {@code total} times with {@code broadcastAsync}, {@code inFlight}
	 * broadcasts outstanding at any time: like redis-benchmark's clients, each of
	 * {@code inFlight} lanes sends its next broadcast when Redis has answered the
	 * previous one, from the thread that completed it (Lettuce's event loop).
	 * @return rps, then the time from each call to its completion in nanoseconds (sorted)
	 */
	static Result runAsync(CableBroadcaster broadcaster, String stream, Object payload, int inFlight, int total)
			throws InterruptedException {
		int perLane = Math.max(1, total / inFlight);
		long[][] latencies = new long[inFlight][perLane];
		CountDownLatch done = new CountDownLatch(inFlight);
		AtomicLong failures = new AtomicLong();
		long begin = System.nanoTime();
		for (int lane = 0; lane < inFlight; lane++) {
			new Lane(broadcaster, stream, payload, latencies[lane], failures, done).next();
		}
		if (!done.await(300, TimeUnit.SECONDS)) {
			throw new IllegalStateException("async broadcasts did not complete within 300 s");
		}
		double seconds = (System.nanoTime() - begin) / 1e9;
		long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
		return new Result(all.length / seconds, all, failures.get());
	}

	/**
	 * One broadcast in flight at a time, the next sent from the completion of the
	 * previous one.
	 */
	private static final class Lane {

		private final CableBroadcaster broadcaster;

		private final String stream;

		private final Object payload;

		private final long[] latencies;

		private final AtomicLong failures;

		private final CountDownLatch done;

		private int sent;

		Lane(CableBroadcaster broadcaster, String stream, Object payload, long[] latencies, AtomicLong failures,
				CountDownLatch done) {
			this.broadcaster = broadcaster;
			this.stream = stream;
			this.payload = payload;
			this.latencies = latencies;
			this.failures = failures;
			this.done = done;
		}

		void next() {
			while (this.sent < this.latencies.length) {
				int index = this.sent++;
				long begin = System.nanoTime();
				CompletableFuture<Void> sending = this.broadcaster.broadcastAsync(this.stream, this.payload);
				if (!sending.isDone()) {
					sending.whenComplete((result, failure) -> {
						completed(index, begin, failure != null);
						next();
					});
					return;
				}
				// completed already (a failure): go on in this loop rather than recursing
				completed(index, begin, sending.isCompletedExceptionally());
			}
			this.done.countDown();
		}

		private void completed(int index, long begin, boolean failed) {
			this.latencies[index] = System.nanoTime() - begin;
			if (failed) {
				this.failures.incrementAndGet();
			}
		}

	}

	/**
	 * Broadcast {@code total} times from {@code threads} threads, {@code batch}
	 * broadcasts per publication.
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
			return this.latencies[(int) Math.min(this.latencies.length - 1, Math.round(p * this.latencies.length))]
					/ 1e6;
		}

	}

	/**
	 * Print one result; {@code batch} -1 for {@code broadcastAsync} with {@code threads}
	 * in flight.
	 */
	static void print(Result result, int threads, int batch) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("kind", "r3");
		line.put("publisher", "ours (CableBroadcaster, redis)");
		line.put("mode", (batch < 0) ? "broadcastAsync(), " + threads + " in flight from one thread" : (batch == 1)
				? "broadcast() awaited, " + threads + " threads" : "batch() of " + batch + " broadcasts");
		line.put("c", threads);
		line.put("pipeline", Math.max(1, batch));
		line.put("count", result.latencies().length * Math.max(1, batch));
		line.put("failures", result.failures());
		line.put("rps", result.rps());
		line.put("p50_ms", result.percentile(0.50));
		line.put("p99_ms", result.percentile(0.99));
		StringBuilder json = new StringBuilder("{");
		line.forEach((key, value) -> json.append((json.length() > 1) ? "," : "")
			.append('"')
			.append(key)
			.append("\":")
			.append((value instanceof String text) ? JsonStrings.quote(text) : String.valueOf(value)));
		System.out.println(json.append('}'));
	}

}
