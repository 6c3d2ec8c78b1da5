package io.anycable.spring.boot.autoconfigure;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import io.anycable.spring.jwt.CableJwtIssuer;
import io.anycable.spring.jwt.CableJwtVerifier;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.RpcMetadata;
import io.anycable.spring.rpc.RpcRequests;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AnyCableJwtAutoConfigurationTests {

	private static final String VECTOR = "eyJhbGciOiJIUzI1NiJ9.eyJleHQiOiJ7XCJ1c2VyXCI6XCJqYW5lXCJ9IiwiZXhwIjoxOTAwMDAwMDAwfQ"
			+ ".XfH3PG_Q4XW3RFRjIEvRguP23GI9t98u5ycQAjPzdno";

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(JacksonAutoConfiguration.class, AnyCableAutoConfiguration.class, AnyCableJwtAutoConfiguration.class));

	@Test
	void noJwtSupportWithoutASecret() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(CableJwtIssuer.class).doesNotHaveBean(CableJwtVerifier.class);
			assertThat(connect(context.getBean(AnyCableRpcHandler.class)).getStatus()).isEqualTo(Status.SUCCESS);
		});
	}

	@Test
	void theRawSecretSignsAndVerifiesTokensAsInAnyCableGo() {
		this.runner.withPropertyValues("anycable.secret=s3Krit")
			.withBean(Clock.class, () -> Clock.fixed(Instant.ofEpochSecond(1_899_996_400L), ZoneOffset.UTC))
			.run((context) -> {
				assertThat(context.getBean(CableJwtIssuer.class).issue(Map.of("user", "jane"))).isEqualTo(VECTOR);
				ConnectionResponse response = connect(context.getBean(AnyCableRpcHandler.class));
				assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
				assertThat(response.getIdentifiers()).isEqualTo("{\"user\":\"jane\"}");
			});
	}

	@Test
	void jwtSecretWinsAndNoneTurnsItOff() {
		this.runner.withPropertyValues("anycable.secret=s3Krit", "anycable.jwt-secret=another")
			.run((context) -> assertThat(connect(context.getBean(AnyCableRpcHandler.class)).getStatus())
				.isEqualTo(Status.FAILURE));
		this.runner.withPropertyValues("anycable.secret=s3Krit", "anycable.jwt-secret=none")
			.run((context) -> assertThat(context).doesNotHaveBean(CableJwtVerifier.class));
	}

	@Test
	void ttlParamAndEnforcementAreConfigurable() {
		this.runner
			.withPropertyValues("anycable.jwt-secret=s3Krit", "anycable.jwt-ttl=5m", "anycable.jwt_param=token",
					"anycable.enforce-jwt=true")
			.run((context) -> {
				CableJwtIssuer issuer = context.getBean(CableJwtIssuer.class);
				assertThat(issuer.ttl()).hasMinutes(5);
				assertThat(issuer.param()).isEqualTo("token");
				CableJwtVerifier verifier = context.getBean(CableJwtVerifier.class);
				assertThat(verifier.header()).isEqualTo("x-token");
				assertThat(verifier.isEnforced()).isTrue();
			});
	}

	@Test
	void aShortSecretIsWorthAWarning(CapturedOutput output) {
		this.runner.withPropertyValues("anycable.secret=s3Krit").run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("The AnyCable JWT secret is shorter than 32 bytes").doesNotContain("s3Krit");
	}

	@Test
	void anInvalidParameterFailsStartup() {
		this.runner.withPropertyValues("anycable.secret=s3Krit", "anycable.jwt-param=j id")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasRootCauseMessage("A JWT parameter name must be letters, digits, '-' or '_', not 'j id'"));
	}

	@Test
	void backsOffWithoutNimbus() {
		this.runner.withPropertyValues("anycable.secret=s3Krit")
			.withClassLoader(new FilteredClassLoader(SignedJWT.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(CableJwtVerifier.class);
				assertThat(connect(context.getBean(AnyCableRpcHandler.class)).getStatus()).isEqualTo(Status.SUCCESS);
			});
	}

	private static ConnectionResponse connect(AnyCableRpcHandler handler) {
		return handler.connect(RpcRequests.connect("?jid=" + VECTOR), RpcMetadata.NONE);
	}

}
