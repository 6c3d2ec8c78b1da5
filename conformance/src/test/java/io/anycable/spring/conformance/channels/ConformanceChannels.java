package io.anycable.spring.conformance.channels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.ChannelParam;
import io.anycable.spring.channel.annotation.ConnectionIdentifier;
import io.anycable.spring.channel.annotation.OnSubscribe;
import io.anycable.spring.channel.annotation.OnUnsubscribe;
import io.anycable.spring.conformance.support.broadcast.Publishers;
import io.anycable.spring.testsupport.Json;

import io.anycable.spring.channel.annotation.Payload;

/**
 * The channels of the scenarios (spec §9), written with the starter's channel framework.
 */
public final class ConformanceChannels {

	private ConformanceChannels() {
	}

	/**
	 * Scenarios 12-14, 17, 18: confirms, or rejects with {@code reject:true}; with
	 * {@code failOnce:true} the first subscribe of a session throws; with
	 * {@code failLeave:true} every unsubscribe throws.
	 */
	@AnyCableChannel("BasicChannel")
	public static class BasicChannel {

		static final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

		@OnSubscribe
		void subscribed(ChannelHandle handle, @ChannelParam(value = "reject", required = false) Boolean reject,
				@ChannelParam(value = "failOnce", required = false) Boolean failOnce) {
			if (Boolean.TRUE.equals(failOnce) && failedOnce.add(handle.sid())) {
				throw new IllegalStateException("subscribe failed on purpose (failOnce)");
			}
			if (Boolean.TRUE.equals(reject)) {
				handle.reject();
			}
		}

		@OnUnsubscribe
		void unsubscribed(@ChannelParam(value = "failLeave", required = false) Boolean failLeave) {
			if (Boolean.TRUE.equals(failLeave)) {
				throw new IllegalStateException("unsubscribe failed on purpose (failLeave)");
			}
		}

		@Action
		String tick() {
			return "tock";
		}

	}

	/** Scenario 15: transmissions during subscribe. */
	@AnyCableChannel("TransmitChannel")
	public static class TransmitChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle) {
			handle.transmit("hello");
			handle.transmit("world");
		}

	}

	/**
	 * Scenario 16: the channel sees the request: confirms only with
	 * {@code ?token=secret}.
	 */
	@AnyCableChannel("RequestChannel")
	public static class RequestChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle) {
			if (!"secret".equals(handle.request().param("token").orElse(null))) {
				handle.reject();
			}
		}

	}

	/** Scenarios 19, 20, 22, 8 (connection state and identifiers seen by a channel). */
	@AnyCableChannel("EchoChannel")
	public static class EchoChannel {

		@Action
		String tick() {
			return "tock";
		}

		@Action
		Map<String, Object> echo(@Payload EchoData data) {
			return Map.of("response", data.text());
		}

		@Action
		void bye(ChannelHandle handle) {
			handle.transmit("bye");
			handle.closeConnection("bye", false);
		}

		@Action
		Map<String, Object> whoami(ChannelHandle handle, @ConnectionIdentifier("uid") String uid) {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("uid", uid);
			result.put("k", handle.connectionState().get("k", String.class).orElse(null));
			return result;
		}

		@Action
		Org org(@ConnectionIdentifier("org") Org org) {
			return org;
		}

		/**
		 * Transmits {@code size} characters (a response larger than gRPC's default 4 MiB
		 * limit).
		 */
		@Action
		String big(@Payload BigData data) {
			bigCalls.merge(data.tag(), 1, Integer::sum);
			return "x".repeat(data.size());
		}

		@Action
		void forget(ChannelHandle handle) {
			handle.connectionState().remove("k");
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record EchoData(String text) {
	}

	record Org(String name, int id) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record BigData(int size, String tag) {
	}

	/** How often {@code EchoChannel.big} ran, by tag. */
	public static final Map<String, Integer> bigCalls = new ConcurrentHashMap<>();

	/** Scenario 21: channel state round-trips through anycable-go. */
	@AnyCableChannel("StateChannel")
	public static class StateChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle) {
			handle.state().put("user", new User("chipolino"));
			handle.state().put("count", 1);
		}

		@Action
		Map<String, Object> tick(ChannelHandle handle) {
			int count = handle.state().get("count", Integer.class).orElseThrow() + 2;
			handle.state().put("count", count);
			User user = handle.state().get("user", User.class).orElseThrow();
			return Map.of("count", count, "name", user.name());
		}

	}

	record User(String name) {
	}

	/**
	 * Scenarios 23-28: streams from {@code streams} (default {@code ["a"]}); {@code stop}
	 * stops one, {@code shout} broadcasts to others through the anycable-go that called.
	 */
	@AnyCableChannel("StreamChannel")
	public static class StreamChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle, @ChannelParam(value = "streams", required = false) List<String> streams) {
			for (String stream : (streams != null) ? streams : List.of("a")) {
				handle.streamFrom(stream);
			}
		}

		@Action
		void stop(ChannelHandle handle, @Payload StreamData data) {
			handle.stopStreamFrom(data.stream());
		}

		@Action
		void shout(ChannelHandle handle, @Payload StreamData data) {
			Publishers.forRequest(handle.request())
				.broadcastToOthers(data.stream(), Json.write(Map.of("text", data.text())), handle.sid());
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record StreamData(String stream, String text) {
	}

	/**
	 * Scenarios 31-33: on unsubscribe (also when the client disconnects) broadcast
	 * {@code {"data":"user left<id>[: <name from the subscription state>]"}} to the
	 * {@code room} stream.
	 */
	@AnyCableChannel("LeaveAChannel")
	public static class LeaveAChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle, @ChannelParam(value = "name", required = false) String name) {
			Leaving.subscribed(handle, name);
		}

		@OnUnsubscribe
		void unsubscribed(ChannelHandle handle, @ChannelParam("room") String room,
				@ChannelParam(value = "id", required = false) String id) {
			Leaving.announce(handle, room, id);
		}

	}

	/**
	 * Scenario 31's second channel, and the {@code stopAllStreams()}-in-unsubscribe case.
	 */
	@AnyCableChannel("LeaveBChannel")
	public static class LeaveBChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle, @ChannelParam(value = "name", required = false) String name) {
			Leaving.subscribed(handle, name);
		}

		@OnUnsubscribe
		void unsubscribed(ChannelHandle handle, @ChannelParam("room") String room,
				@ChannelParam(value = "id", required = false) String id,
				@ChannelParam(value = "cleanup", required = false) Boolean cleanup) {
			if (Boolean.TRUE.equals(cleanup)) {
				// what an Action Cable channel does in `unsubscribed`: stop_all_streams
				handle.stopAllStreams();
			}
			Leaving.announce(handle, room, id);
		}

	}

	static final class Leaving {

		private Leaving() {
		}

		static void subscribed(ChannelHandle handle, String name) {
			if (name != null) {
				handle.state().put("name", name);
			}
		}

		static void announce(ChannelHandle handle, String room, String id) {
			String text = "user left" + ((id != null) ? id : "")
					+ handle.state().get("name", String.class).map((name) -> ": " + name).orElse("");
			Publishers.forRequest(handle.request()).broadcast(room, Json.write(Map.of("data", text)));
		}

	}

	/**
	 * Scenario 35: whisper to the {@code room} stream (with the extended protocol); with
	 * {@code reject:true} the subscription is rejected after the stream was set up.
	 */
	@AnyCableChannel("WhisperChannel")
	public static class WhisperChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle, @ChannelParam("room") String room,
				@ChannelParam(value = "reject", required = false) Boolean reject) {
			handle.streamFrom(room, true);
			if (Boolean.TRUE.equals(reject)) {
				handle.reject();
			}
		}

	}

}
