package io.anycable.sample;

import java.util.Map;

import io.anycable.spring.boot.test.autoconfigure.AnyCableTest;
import io.anycable.spring.test.BroadcastRecorder;
import io.anycable.spring.test.CableTestRequest;
import io.anycable.spring.test.CableTester;
import io.anycable.spring.test.SpringSessionLogins;
import io.anycable.spring.test.TestConnection;
import io.anycable.spring.test.TestSubscription;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.session.MapSessionRepository;

import static io.anycable.spring.test.CableAssertions.assertThat;

/**
 * The chat channel through the real RPC path, as anycable-go would drive it, for users
 * logged in as the login form leaves them (a Spring Session with their security context).
 */
@AnyCableTest
@Import(UsersConfiguration.class)
class ChatChannelTests {

	@Autowired
	private CableTester cable;

	@Autowired
	private MapSessionRepository sessions;

	@Autowired
	private UserDetailsService users;

	@Autowired
	private BroadcastRecorder broadcaster;

	@Test
	void joiningARoomStreamsItWithWhispersAndAnnouncesTheUser() {
		TestSubscription lobby = jane().subscribe("ChatChannel", Map.of("room", "lobby"));
		assertThat(lobby).isConfirmed().hasStreams("chat:lobby");
		org.assertj.core.api.Assertions.assertThat(lobby.state()).containsEntry("$w", "chat:lobby");
		assertThat(this.broadcaster).broadcastTo("chat:lobby")
			.exactlyOnce()
			.withPayloadContaining(Map.of("type", "join", "user", "jane"));
	}

	@Test
	void aBrokerOutageNeverKeepsAUserOutOfARoomOrInIt() {
		this.broadcaster.simulateOutage("Redis is down");
		TestConnection connection = jane();
		TestSubscription lobby = connection.subscribe("ChatChannel", Map.of("room", "lobby"));
		assertThat(lobby).isConfirmed().hasStreams("chat:lobby");
		lobby.unsubscribe();
		assertThat(lobby).succeeded();
	}

	@Test
	void invalidRoomNamesAreRejected() {
		assertThat(jane().subscribe("ChatChannel", Map.of("room", "no spaces"))).isRejected().hasStreams();
	}

	@Test
	void speakingBroadcastsTheMessageToTheRoom() {
		TestSubscription lobby = jane().subscribe("ChatChannel", Map.of("room", "lobby"));
		this.broadcaster.clear();
		lobby.perform("speak", Map.of("text", "  hello there "));
		assertThat(lobby).succeeded();
		assertThat(this.broadcaster).broadcastTo("chat:lobby")
			.exactlyOnce()
			.withPayloadContaining(Map.of("type", "message", "user", "jane", "text", "hello there"));
	}

	@Test
	void emptyMessagesAreRefusedWithAnErrorFrameForTheSender() {
		TestSubscription lobby = jane().subscribe("ChatChannel", Map.of("room", "lobby"));
		this.broadcaster.clear();
		lobby.perform("speak", Map.of("text", "   "));
		assertThat(lobby).succeeded()
			.hasLastMessage(Map.of("type", "error", "text", "A message has 1 to 1000 characters"));
		assertThat(this.broadcaster).hasNoBroadcasts();
	}

	@Test
	void leavingAnnouncesTheUserAlsoWhenTheClientDisconnects() {
		TestConnection connection = jane();
		connection.subscribe("ChatChannel", Map.of("room", "lobby"));
		connection.subscribe("ChatChannel", Map.of("room", "dev"));
		this.broadcaster.clear();
		connection.disconnect();
		assertThat(this.broadcaster).broadcastTo("chat:lobby")
			.exactlyOnce()
			.withPayloadContaining(Map.of("type", "leave", "user", "jane"));
		assertThat(this.broadcaster).broadcastTo("chat:dev")
			.exactlyOnce()
			.withPayloadContaining(Map.of("type", "leave", "user", "jane"));
	}

	@Test
	void anAdminAnnouncesToTheRoom() {
		TestSubscription lobby = loggedIn("root").subscribe("ChatChannel", Map.of("room", "lobby"));
		this.broadcaster.clear();
		lobby.perform("announce", Map.of("text", "maintenance at noon"));
		assertThat(lobby).succeeded();
		assertThat(this.broadcaster).broadcastTo("chat:lobby")
			.exactlyOnce()
			.withPayloadContaining(Map.of("type", "announcement", "user", "root", "text", "maintenance at noon"));
	}

	@Test
	void otherUsersMayNotAnnounce() {
		TestSubscription lobby = jane().subscribe("ChatChannel", Map.of("room", "lobby"));
		this.broadcaster.clear();
		lobby.perform("announce", Map.of("text", "free pizza"));
		assertThat(lobby).succeeded().hasLastMessage(Map.of("type", "error", "text", "Only admins can announce"));
		assertThat(this.broadcaster).hasNoBroadcasts();
	}

	@Test
	void aClientWithoutALoginSessionIsUnauthorized() {
		assertThat(this.cable.connect()).isRejectedWithReason("unauthorized");
		assertThat(this.cable.connect(CableTestRequest.create().cookie("user", "jane"))).isRejected();
	}

	private TestConnection jane() {
		return loggedIn("jane");
	}

	private TestConnection loggedIn(String username) {
		UserDetails user = this.users.loadUserByUsername(username);
		String session = SpringSessionLogins.login(this.sessions,
				UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
		TestConnection connection = this.cable.connect(CableTestRequest.create().sessionCookie(session));
		assertThat(connection).isAccepted().hasIdentifiers(Map.of("user", username));
		return connection;
	}

}
