package io.anycable.bench.app;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.OnSubscribe;
import io.anycable.spring.support.CableJson;

/**
 * The channel every benchmark talks to, through the real channel framework: subscribing streams from
 * {@code all}; {@code echo} transmits the data back; {@code broadcast} publishes the payload to {@code all}
 * and answers the sender with a {@code broadcastResult}.
 */
@AnyCableChannel("BenchmarkChannel")
public class BenchmarkChannel {

	/** The stream every subscriber listens to. */
	public static final String STREAM = "all";

	private final BenchPublisher publisher;

	private final CableJson json;

	public BenchmarkChannel(BenchPublisher publisher, CableJson json) {
		this.publisher = publisher;
		this.json = json;
	}

	@OnSubscribe
	public void subscribed(ChannelHandle channel) {
		channel.streamFrom(STREAM);
	}

	@Action
	public JsonNode echo(JsonNode data) {
		return data;
	}

	@Action
	public Map<String, Object> broadcast(JsonNode data) {
		JsonNode payload = data.get("payload");
		Map<String, Object> message = new LinkedHashMap<>(2);
		message.put("action", "broadcast");
		message.put("payload", payload);
		this.publisher.publish(STREAM, this.json.write(message));
		Map<String, Object> result = new LinkedHashMap<>(2);
		result.put("action", "broadcastResult");
		result.put("payload", payload);
		return result;
	}

}
