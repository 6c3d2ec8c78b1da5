package io.anycable.spring.test.app;

import java.util.Map;

import io.anycable.spring.broadcast.BroadcastOptions;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.ChannelParam;
import io.anycable.spring.channel.annotation.ConnectionIdentifier;
import io.anycable.spring.channel.annotation.OnSubscribe;
import io.anycable.spring.channel.annotation.OnUnsubscribe;

@AnyCableChannel("RoomChannel")
public class RoomChannel {

	private final CableBroadcaster broadcaster;

	private final Greeter greeter;

	RoomChannel(CableBroadcaster broadcaster, Greeter greeter) {
		this.broadcaster = broadcaster;
		this.greeter = greeter;
	}

	@OnSubscribe
	void subscribed(ChannelHandle handle, @ChannelParam String room, @ConnectionIdentifier String user) {
		if (room.equals("closed")) {
			handle.reject();
			return;
		}
		handle.streamFrom("room:" + room, true);
		handle.state().put("user", user);
		handle.transmit(this.greeter.greet(user));
	}

	@OnUnsubscribe
	void unsubscribed(ChannelHandle handle, @ChannelParam String room) {
		this.broadcaster.broadcast("room:" + room,
				Map.of("left", handle.state().get("user", String.class).orElse("?")));
	}

	@Action
	void speak(@ChannelParam String room, @ConnectionIdentifier String user, Speech speech) {
		this.broadcaster.broadcast("room:" + room, new Said(user, speech.text()));
	}

	@Action
	void shout(@ChannelParam String room, Speech speech) {
		this.broadcaster.broadcast("room:" + room, speech, BroadcastOptions.defaults().toOthers());
	}

	@Action
	int count(ChannelHandle handle) {
		int count = handle.state().get("count", Integer.class).orElse(0) + 1;
		handle.state().put("count", count);
		return count;
	}

	@Action
	void fail() {
		throw new IllegalStateException("no luck");
	}

	public record Speech(String text) {
	}

	public record Said(String user, String text) {
	}

}
