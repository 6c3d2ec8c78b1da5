package io.anycable.bench.app;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.OnSubscribe;

/**
 * The channel every benchmark talks to, through the real channel framework: subscribing
 * streams from {@code all}; {@code echo} transmits the data back; {@code broadcast}
 * broadcasts the payload to {@code all} with the {@link CableBroadcaster} and answers the
 * sender with a {@code broadcastResult}.
 */
@AnyCableChannel("BenchmarkChannel")
public class BenchmarkChannel {

	/** The stream every subscriber listens to. */
	public static final String STREAM = "all";

	private final CableBroadcaster broadcaster;

	public BenchmarkChannel(CableBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
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
		this.broadcaster.broadcast(STREAM, message("broadcast", payload));
		return message("broadcastResult", payload);
	}

	private static Map<String, Object> message(String action, JsonNode payload) {
		Map<String, Object> message = new LinkedHashMap<>(4);
		message.put("action", action);
		message.put("payload", payload);
		return message;
	}

}
