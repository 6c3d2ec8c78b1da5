package io.anycable.spring.broadcast;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.support.CableJson;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link RequestHeaderSocketIdResolver}: {@code toOthers()} from a plain Spring
 * MVC controller, through the real {@code DispatcherServlet}.
 */
class RequestHeaderSocketIdResolverTests {

	private final RecordingTransport transport = new RecordingTransport();

	private final RequestHeaderSocketIdResolver resolver = new RequestHeaderSocketIdResolver();

	private final MockMvc mvc = MockMvcBuilders
		.standaloneSetup(new MessagesController(
				new DefaultCableBroadcaster(this.transport, new CableJson(new ObjectMapper()), this.resolver, true)))
		.build();

	@Test
	void leavesOutTheClientNamedInTheSocketIdHeader() throws Exception {
		this.mvc.perform(post("/rooms/42/messages").header("X-Socket-ID", "sid-1").content("hi"))
			.andExpect(status().isOk());
		assertThat(this.transport.publications()).containsExactly(
				"{\"stream\":\"room/42\",\"data\":\"\\\"hi\\\"\",\"meta\":{\"exclude_socket\":\"sid-1\"}}");
	}

	@Test
	void sendsToEveryoneWithoutTheHeader() throws Exception {
		this.mvc.perform(post("/rooms/42/messages").content("hi")).andExpect(status().isOk());
		assertThat(this.transport.publications()).containsExactly("{\"stream\":\"room/42\",\"data\":\"\\\"hi\\\"\"}");
	}

	@Test
	void knowsNoSocketOutsideARequest() {
		assertThat(this.resolver.resolveSocketId()).isNull();
	}

	@RestController
	static class MessagesController {

		private final CableBroadcaster broadcaster;

		MessagesController(CableBroadcaster broadcaster) {
			this.broadcaster = broadcaster;
		}

		@PostMapping("/rooms/{room}/messages")
		void post(@PathVariable String room, @RequestBody String text) {
			this.broadcaster.broadcast("room/" + room, text, BroadcastOptions.defaults().toOthers());
		}

	}

}
