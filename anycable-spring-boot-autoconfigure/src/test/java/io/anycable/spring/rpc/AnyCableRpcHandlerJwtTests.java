package io.anycable.spring.rpc;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.anycable.spring.jwt.CableJwtVerifier;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.support.CableJson;
import org.junit.jupiter.api.Test;

import static io.anycable.spring.rpc.RpcRequests.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connect answered from an AnyCable JWT, as anycable-go answers it with
 * {@code --jwt_secret}: the connection is not asked.
 */
class AnyCableRpcHandlerJwtTests {

	private static final String VECTOR = "eyJhbGciOiJIUzI1NiJ9.eyJleHQiOiJ7XCJ1c2VyXCI6XCJqYW5lXCJ9IiwiZXhwIjoxOTAwMDAwMDAwfQ"
			+ ".XfH3PG_Q4XW3RFRjIEvRguP23GI9t98u5ycQAjPzdno";

	private static final RpcMetadata METADATA = new RpcMetadata("sid-42", "v1");

	private final CableJson json = new CableJson(new ObjectMapper());

	private final EchoConnectionFactory echo = new EchoConnectionFactory();

	private final AtomicInteger connections = new AtomicInteger();

	private final SocketConnectionFactory counting = (socket, options) -> {
		this.connections.incrementAndGet();
		return this.echo.create(socket, options);
	};

	@Test
	void aValidTokenIsAcceptedWithItsIdentifiersWithoutAskingTheConnection() {
		ConnectionResponse response = handler(1_800_000_000L, false).connect(connect("?jid=" + VECTOR), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getIdentifiers()).isEqualTo("{\"user\":\"jane\"}");
		assertThat(response.getTransmissionsList()).containsExactly("{\"type\":\"welcome\",\"sid\":\"sid-42\"}");
		assertThat(response.hasEnv()).isFalse();
		assertThat(this.connections).hasValue(0);
	}

	@Test
	void anExpiredTokenIsRefusedWithTokenExpiredSoTheClientRefreshesIt() {
		ConnectionResponse response = handler(1_900_000_000L, false).connect(connect("?jid=" + VECTOR), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"type\":\"disconnect\",\"reason\":\"token_expired\",\"reconnect\":false}");
		assertThat(this.connections).hasValue(0);
	}

	@Test
	void aTokenWithAWrongSignatureIsUnauthorized() {
		String forged = VECTOR.substring(0, VECTOR.length() - 2) + "AA";
		ConnectionResponse response = handler(0, false).connect(connect("?user=jane&jid=" + forged), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}");
		assertThat(this.connections).hasValue(0);
	}

	@Test
	void theXJidHeaderCarriesTheTokenToo() {
		ConnectionRequest request = connect("");
		request = request.toBuilder().setEnv(request.getEnv().toBuilder().putHeaders("x-jid", VECTOR)).build();
		assertThat(handler(0, false).connect(request, METADATA).getIdentifiers()).isEqualTo("{\"user\":\"jane\"}");
	}

	@Test
	void withoutATokenTheConnectionDecides() {
		ConnectionResponse response = handler(0, false).connect(connect("?user=bob"), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getIdentifiers()).isEqualTo("{\"user\":\"bob\"}");
		assertThat(this.connections).hasValue(1);
	}

	@Test
	void enforcedTokensRefuseAClientWithoutOne() {
		ConnectionResponse response = handler(0, true).connect(connect("?user=bob"), METADATA);
		assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}");
		assertThat(this.connections).hasValue(0);
	}

	@Test
	void commandsOfATokenConnectionCarryItsIdentifiersAsUsual() {
		AnyCableRpcHandler handler = handler(0, false);
		String identifiers = handler.connect(connect("?jid=" + VECTOR), METADATA).getIdentifiers();
		handler.disconnect(RpcRequests.disconnect(identifiers, List.of(), Map.of(), Map.of()), METADATA);
		assertThat(this.echo.closed).singleElement().asString().contains("{\"user\":\"jane\"}");
	}

	private AnyCableRpcHandler handler(long now, boolean enforced) {
		AnyCableRpcHandler handler = new AnyCableRpcHandler(this.counting, this.json);
		handler.setJwtVerifier(new CableJwtVerifier("s3Krit", "jid", enforced, this.json,
				Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC)));
		return handler;
	}

}
