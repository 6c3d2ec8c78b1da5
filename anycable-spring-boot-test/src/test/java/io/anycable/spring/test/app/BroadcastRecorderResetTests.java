package io.anycable.spring.test.app;

import java.util.Map;

import io.anycable.spring.boot.test.autoconfigure.AnyCableTest;
import io.anycable.spring.broadcast.BroadcastException;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.test.BroadcastRecorder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import static io.anycable.spring.test.CableAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each test starts with an empty recorder, as each starts with fresh
 * {@code @MockitoBean}s, although the context (and the recorder in it) is shared: no
 * {@code clear()} in a {@code @BeforeEach}.
 */
@AnyCableTest
@Import(Greeter.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BroadcastRecorderResetTests {

	@Autowired
	private CableBroadcaster cableBroadcaster;

	@Autowired
	private BroadcastRecorder broadcaster;

	@Test
	@Order(1)
	void aTestBroadcastsAndDisconnects() {
		this.cableBroadcaster.broadcast("room:1", Map.of("text", "left over"));
		this.cableBroadcaster.disconnect("{\"user\":\"jane\"}", false);
		assertThat(this.broadcaster).broadcastTo("room:1").exactlyOnce();
	}

	@Test
	@Order(2)
	void aSimulatedOutageFailsBroadcastsLikeABrokerThatIsDown() {
		this.broadcaster.simulateOutage("Redis is down");
		assertThatExceptionOfType(BroadcastException.class)
			.isThrownBy(() -> this.cableBroadcaster.broadcast("room:1", Map.of("text", "lost")))
			.withMessageContaining("Simulated broker outage: Redis is down");
		org.assertj.core.api.Assertions.assertThat(this.cableBroadcaster.broadcastAsync("room:1", "lost"))
			.isCompletedExceptionally();
		org.assertj.core.api.Assertions.assertThat(this.broadcaster.isConnected()).isFalse();
		assertThat(this.broadcaster).hasNoBroadcasts();
	}

	@Test
	@Order(3)
	void theNextOneDoesNotSeeWhatItRecordedNorItsOutage() {
		assertThat(this.broadcaster).hasNoBroadcasts();
		org.assertj.core.api.Assertions.assertThat(this.broadcaster.disconnects()).isEmpty();
		org.assertj.core.api.Assertions.assertThat(this.broadcaster.publicationSizes()).isEmpty();
		org.assertj.core.api.Assertions.assertThat(this.broadcaster.isConnected()).isTrue();
	}

}
