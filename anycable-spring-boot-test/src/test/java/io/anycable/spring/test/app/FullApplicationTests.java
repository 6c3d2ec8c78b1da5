package io.anycable.spring.test.app;

import java.util.Map;

import io.anycable.spring.boot.test.autoconfigure.AutoConfigureCableTester;
import net.devh.boot.grpc.server.serverfactory.GrpcServerFactory;
import net.devh.boot.grpc.server.serverfactory.InProcessGrpcServerFactory;
import io.anycable.spring.test.CableTester;
import io.anycable.spring.test.CableTestRequest;
import io.anycable.spring.test.BroadcastRecorder;
import io.anycable.spring.test.TestSubscription;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static io.anycable.spring.test.CableAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @AutoConfigureCableTester} in a full application test: everything is loaded, the
 * RPC server runs in-process instead of on port 50051, broadcasts are recorded.
 */
@SpringBootTest(classes = TestChatApplication.class, properties = "greeting=welcome")
@AutoConfigureCableTester
class FullApplicationTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private CableTester cable;

	@Autowired
	private BroadcastRecorder broadcaster;

	@Test
	void runsTheWholeApplicationInProcess() {
		assertThat(this.context.getBeansOfType(UnrelatedService.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(GrpcServerFactory.class).values()).singleElement()
			.isInstanceOf(InProcessGrpcServerFactory.class);
		TestSubscription room = this.cable.connect(CableTestRequest.create().param("user", "ann"))
			.subscribe("RoomChannel", Map.of("room", "9"));
		assertThat(room).isConfirmed().hasMessage("welcome, ann");
		room.perform("speak", Map.of("text", "yo"));
		assertThat(this.broadcaster).broadcastTo("room:9").withPayload(Map.of("user", "ann", "text", "yo"));
	}

}
