package io.anycable.spring.test.app;

import java.util.Map;

import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;

@AnyCableChannel
public class EchoChannel {

	@Action
	Map<String, Object> echo(Map<String, Object> data) {
		return data;
	}

}
