package io.anycable.spring.test.secured;

import java.util.Map;

import io.anycable.spring.boot.test.autoconfigure.AnyCableTest;
import io.anycable.spring.test.CableTestRequest;
import io.anycable.spring.test.CableTester;
import io.anycable.spring.test.SpringSessionLogins;
import io.anycable.spring.test.TestConnection;
import io.anycable.spring.test.TestSubscription;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.session.MapSessionRepository;

import static io.anycable.spring.test.CableAssertions.assertThat;

/**
 * The slice with Spring Security: connecting as a logged-in session, with an AnyCable
 * JWT, and channel calls as that user.
 */
@AnyCableTest(properties = { "anycable.security.enabled=true", "anycable.secret=s3Krit" })
class SecuredSliceTests {

	@Autowired
	private CableTester cable;

	@Autowired
	private MapSessionRepository sessions;

	@Test
	void aLoggedInSessionConnectsAsItsUser() {
		TestConnection jane = this.cable.connect(CableTestRequest.create().sessionCookie(login("jane", "USER")));
		assertThat(jane).isAccepted().hasIdentifiers(Map.of("user", "jane"));
		TestSubscription admin = jane.subscribe("AdminChannel");
		assertThat(admin.perform("whoami")).hasMessage("jane");
		assertThat(admin.perform("purge")).failedWith("AdminChannel.purge denied: Access Denied");
	}

	@Test
	void anAdminSessionMayPurge() {
		TestConnection root = this.cable.connect(CableTestRequest.create().sessionCookie(login("root", "ADMIN")));
		assertThat(root.subscribe("AdminChannel").perform("purge")).hasLastMessage("purged");
	}

	@Test
	void aClientWithoutASessionIsUnauthorized() {
		assertThat(this.cable.connect()).isRejectedWithReason("unauthorized");
	}

	@Test
	void anAnyCableJwtConnectsWithoutTheSession() {
		TestConnection bob = this.cable.connectAs(Map.of("user", "bob"));
		assertThat(bob).isAccepted().hasIdentifiers(Map.of("user", "bob"));
		assertThat(bob.subscribe("AdminChannel").perform("whoami")).hasMessage("bob");
	}

	private String login(String name, String role) {
		UserDetails user = User.withUsername(name).password("{noop}x").roles(role).build();
		return SpringSessionLogins.login(this.sessions,
				UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
	}

}
