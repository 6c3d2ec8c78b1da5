package io.anycable.spring.test.app;

import java.util.Map;

import io.anycable.spring.boot.test.autoconfigure.AnyCableTest;
import io.anycable.spring.test.CableTester;
import io.anycable.spring.test.CableTestRequest;
import io.anycable.spring.test.TestSubscription;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static io.anycable.spring.test.CableAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code channels} narrows the slice to the given channels; this second context is cached
 * next to the others, each with its own in-process server.
 */
@AnyCableTest(channels = EchoChannel.class, properties = "greeting=hi")
class NarrowedSliceTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private CableTester cable;

	@Test
	void loadsOnlyTheGivenChannelAndTheConnectionFactory() {
		assertThat(this.context.getBeansOfType(EchoChannel.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(RoomChannel.class)).isEmpty();
		assertThat(this.context.getBeansOfType(UserConnectionFactory.class)).hasSize(1);
		assertThat(this.context.getEnvironment().getProperty("greeting")).isEqualTo("hi");
	}

	@Test
	void servesTheGivenChannel() {
		TestSubscription echo = this.cable.connect(CableTestRequest.create().param("user", "jane"))
			.subscribe("EchoChannel");
		echo.perform("echo", Map.of("text", "hi", "n", 1));
		assertThat(echo).isConfirmed().hasLastMessage(Map.of("text", "hi", "n", 1.0));
		assertThat(this.cable.connect(CableTestRequest.create().param("user", "jane"))
			.subscribe("RoomChannel", Map.of("room", "1")))
			.isRejectedWith("Unknown channel \"RoomChannel\" (channels: [EchoChannel])");
	}

}
