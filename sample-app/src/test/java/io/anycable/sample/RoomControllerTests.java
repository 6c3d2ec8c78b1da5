package io.anycable.sample;

import io.anycable.spring.boot.test.autoconfigure.AutoConfigureCableTester;
import io.anycable.spring.test.BroadcastRecord;
import io.anycable.spring.test.BroadcastRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Posting into a room over HTTP broadcasts to it, leaving out the tab that posted.
 */
@SpringBootTest
@AutoConfigureMockMvc
@AutoConfigureCableTester
class RoomControllerTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private BroadcastRecorder broadcasts;

	@BeforeEach
	void clear() {
		this.broadcasts.clear();
	}

	@Test
	void postedMessageIsBroadcastToTheRoomExceptTheSendersSocket() throws Exception {
		this.mvc
			.perform(post("/rooms/lobby/messages").with(user("bot"))
				.with(csrf())
				.header("X-Socket-ID", "sid-of-the-tab")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"text\":\"hello\"}"))
			.andExpect(status().isAccepted());
		assertThat(this.broadcasts.broadcastsTo("chat:lobby")).singleElement().satisfies((broadcast) -> {
			assertThat(broadcast.excludeSocket()).isEqualTo("sid-of-the-tab");
			assertThat(broadcast.payload().get("text").asText()).isEqualTo("hello");
			assertThat(broadcast.payload().get("user").asText()).isEqualTo("bot");
		});
	}

	@Test
	void postingNeedsALoginAndTheCsrfToken() throws Exception {
		this.mvc
			.perform(post("/rooms/lobby/messages").with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"text\":\"hello\"}"))
			.andExpect(status().is3xxRedirection());
		this.mvc
			.perform(post("/rooms/lobby/messages").with(user("bot"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"text\":\"hello\"}"))
			.andExpect(status().isForbidden());
		assertThat(this.broadcasts.broadcasts()).isEmpty();
	}

	@Test
	void invalidPostsAreRefusedAndNotBroadcast() throws Exception {
		this.mvc
			.perform(post("/rooms/lobby/messages").with(user("bot"))
				.with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"text\":\"  \"}"))
			.andExpect(status().isBadRequest());
		this.mvc
			.perform(post("/rooms/no%20spaces/messages").with(user("bot"))
				.with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"text\":\"x\"}"))
			.andExpect(status().isBadRequest());
		assertThat(this.broadcasts.broadcasts()).extracting(BroadcastRecord::stream).isEmpty();
	}

}
