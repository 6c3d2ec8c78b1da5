package io.anycable.sample;

import java.util.Map;

import io.anycable.spring.boot.test.autoconfigure.AnyCableTest;
import io.anycable.spring.test.CableTestRequest;
import io.anycable.spring.test.CableTester;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.anycable.spring.test.CableAssertions.assertThat;

/**
 * Who may connect, through the real Connect call.
 */
@AnyCableTest
class ChatConnectionFactoryTests {

	@Autowired
	private CableTester cable;

	@Test
	void usersAreIdentifiedByCookieOrParameter() {
		assertThat(this.cable.connect(CableTestRequest.create().cookie("user", "jane"))).isAccepted()
			.hasIdentifiers(Map.of("user", "jane"));
		assertThat(this.cable.connect(CableTestRequest.create().param("user", "joe")))
			.hasIdentifiers("{\"user\":\"joe\"}");
	}

	@Test
	void anonymousAndInvalidUsersAreRejected() {
		assertThat(this.cable.connect()).isRejected();
		assertThat(this.cable.connect(CableTestRequest.create().param("user", "<script>"))).isRejected();
	}

}
