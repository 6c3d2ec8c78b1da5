package io.anycable.sample;

import io.anycable.spring.boot.test.autoconfigure.AutoConfigureCableTester;
import io.anycable.spring.test.BroadcastRecorder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;

import static io.anycable.spring.test.CableAssertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The page's session: who is logged in and where to connect (the embedded endpoint, with
 * the session cookie); logging out closes every connection of the user, by the
 * identifiers Connect accepted them with.
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
	void theLoggedInPageConnectsToTheEmbeddedEndpointWithItsSessionCookie() throws Exception {
		this.mvc.perform(get("/session").with(user("jane")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user").value("jane"))
			.andExpect(jsonPath("$.cableUrl").value("/cable"));
	}

	@Test
	void pagesNeedALogin() throws Exception {
		this.mvc.perform(get("/")).andExpect(redirectedUrl("http://localhost/login"));
		this.mvc.perform(get("/session")).andExpect(status().is3xxRedirection());
	}

	@Test
	void aBrokerOutageDoesNotKeepTheUserLoggedIn() throws Exception {
		this.broadcasts.simulateOutage("anycable-go is down");
		this.mvc.perform(post("/logout").with(user("jane")).with(csrf())).andExpect(redirectedUrl("/login?logout"));
	}

	@Test
	void logoutDisconnectsTheUserEverywhere() throws Exception {
		this.mvc.perform(post("/logout").with(user("jane")).with(csrf())).andExpect(redirectedUrl("/login?logout"));
		assertThat(this.broadcasts).hasDisconnected("{\"user\":\"jane\"}");
	}

}
