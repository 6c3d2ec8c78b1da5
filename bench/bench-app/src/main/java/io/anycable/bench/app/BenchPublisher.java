package io.anycable.bench.app;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * Publishes a broadcast to anycable-go through Redis pub/sub ({@code __anycable__}), the way the bare
 * server does, so that the end-to-end runs compare the RPC servers and not two publishers.
 */
public interface BenchPublisher {

	/** The Redis channel anycable-go subscribes to by default. */
	String CHANNEL = "__anycable__";

	/**
	 * Publish data (a JSON text) to a stream.
	 * @param stream the stream
	 * @param data the data
	 */
	void publish(String stream, String data);

	/**
	 * Create a publisher.
	 * @param redisUrl the Redis URL, or {@code null} for a publisher that drops everything
	 * @return the publisher
	 */
	static BenchPublisher create(String redisUrl) {
		if (redisUrl == null || redisUrl.isEmpty()) {
			return (stream, data) -> {
			};
		}
		StatefulRedisConnection<String, String> connection = RedisClient.create(redisUrl).connect();
		RedisAsyncCommands<String, String> commands = connection.async();
		return (stream, data) -> commands.publish(CHANNEL, publication(stream, data));
	}

	/**
	 * The publication anycable-go expects: {@code {"stream":...,"data":...}}, data as a JSON string.
	 * @param stream the stream
	 * @param data the data
	 * @return the publication
	 */
	static String publication(String stream, String data) {
		StringBuilder result = new StringBuilder(data.length() + stream.length() + 32);
		result.append("{\"stream\":\"").append(stream).append("\",\"data\":\"");
		com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(data, result);
		return result.append("\"}").toString();
	}

}
