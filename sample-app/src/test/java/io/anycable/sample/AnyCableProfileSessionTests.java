package io.anycable.sample;

import java.time.Clock;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.anycable.spring.boot.test.autoconfigure.AutoConfigureCableTester;
import io.anycable.spring.jwt.CableJwtVerifier;
import io.anycable.spring.support.CableJson;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Behind anycable-go (the {@code anycable} profile's {@code chat.cable-url} and
 * {@code anycable.secret}): the page's cable URL carries an AnyCable JWT of its user, so
 * anycable-go connects it without a Connect call.
 */
@SpringBootTest(properties = { "anycable.secret=s3Krit", "chat.cable-url=ws://cable.example.com/cable" })
@AutoConfigureMockMvc
@AutoConfigureCableTester
class AnyCableProfileSessionTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CableJson json;

	@Test
	void thePageGetsAnAnyCableJwtOfItsUserInTheCableUrl() throws Exception {
		String body = this.mvc.perform(get("/session").with(user("jane")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String url = JsonPath.read(body, "$.cableUrl");
		assertThat(url).startsWith("ws://cable.example.com/cable?jid=");
		CableJwtVerifier verifier = new CableJwtVerifier("s3Krit", "jid", false, this.json, Clock.systemUTC());
		assertThat(verifier.verify(url.substring(url.indexOf("jid=") + 4)).identifiers().asMap())
			.isEqualTo(Map.of("user", "jane"));
	}

}
