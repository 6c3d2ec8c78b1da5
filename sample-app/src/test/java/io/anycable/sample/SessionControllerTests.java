package io.anycable.sample;

import io.anycable.spring.boot.test.autoconfigure.AutoConfigureCableTester;
import io.anycable.spring.test.BroadcastRecorder;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;

import static io.anycable.spring.test.CableAssertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Logging out closes every connection of the user, by the identifiers they were accepted
 * with.
 */
@SpringBootTest
@AutoConfigureMockMvc
@AutoConfigureCableTester
class SessionControllerTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private BroadcastRecorder broadcasts;

	@Test
	void logoutDisconnectsTheUserEverywhereAndExpiresTheCookie() throws Exception {
		this.mvc.perform(post("/logout").cookie(new Cookie("user", "jane")))
			.andExpect(status().isNoContent())
			.andExpect(cookie().maxAge("user", 0));
		assertThat(this.broadcasts).hasDisconnected("{\"user\":\"jane\"}");
	}

	@Test
	void logoutWithoutAUserDisconnectsNobody() throws Exception {
		this.mvc.perform(post("/logout")).andExpect(status().isNoContent());
		assertThat(this.broadcasts).hasNoBroadcasts();
	}

}
