package io.anycable.spring.channel;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.ChannelExceptionHandler;
import io.anycable.spring.channel.annotation.Payload;
import io.anycable.spring.channel.method.ChannelArgumentResolver;
import io.anycable.spring.channel.method.ChannelMethodKind;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.RpcMetadata;
import io.anycable.spring.rpc.RpcRequests;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.Status;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Argument resolvers of the application and Bean Validation of payloads, through the RPC
 * handler as anycable-go would call it.
 */
@SpringBootTest(properties = { "grpc.server.in-process-name=channel-argument-tests", "grpc.server.port=-1" })
class ChannelArgumentResolutionTests {

	static final String IDENTIFIER = "{\"channel\":\"ProfileChannel\"}";

	static final String QUOTED = "\"{\\\"channel\\\":\\\"ProfileChannel\\\"}\"";

	static final String JANE = "{\"user\":\"jane\"}";

	@Autowired
	private AnyCableRpcHandler handler;

	@Test
	void applicationResolverSuppliesItsParameterTypeAndTheFirstInOrderWins() {
		CommandResponse response = perform("{\"action\":\"whereAmI\"}");
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"identifier\":" + QUOTED + ",\"message\":\"tenant 127.0.0.1 in ACTION\"}");
	}

	@Test
	void validPayloadReachesTheAction() {
		CommandResponse response = perform("{\"action\":\"rename\",\"name\":\"Jane Doe\"}");
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"identifier\":" + QUOTED + ",\"message\":\"renamed to Jane Doe\"}");
	}

	@Test
	void invalidPayloadGoesToTheExceptionHandlerWithItsBindingResult() {
		CommandResponse response = perform("{\"action\":\"rename\",\"name\":\"\"}");
		assertThat(response.getStatus()).isEqualTo(Status.SUCCESS);
		assertThat(response.getTransmissionsList())
			.containsExactly("{\"identifier\":" + QUOTED + ",\"message\":{\"invalid\":[\"name\"]}}");
	}

	@Test
	void invalidPayloadWithoutHandlerIsAnErrorListingEveryViolation() {
		CommandResponse response = perform("{\"action\":\"describe\",\"bio\":\"\"}");
		assertThat(response.getStatus()).isEqualTo(Status.ERROR);
		assertThat(response.getErrorMsg()).startsWith("Payload of ProfileChannel.describe is not valid: ")
			.contains("bio must not be blank")
			.contains("bio size must be between 1 and 10");
		assertThat(response.getTransmissionsList()).isEmpty();
	}

	@Test
	void validatedGroupsApply() {
		// the Strict group adds @Size(max = 10) to the bio; the default group alone lets
		// it pass
		assertThat(perform("{\"action\":\"describeLoosely\",\"bio\":\"a rather long biography\"}").getStatus())
			.isEqualTo(Status.SUCCESS);
		assertThat(perform("{\"action\":\"describe\",\"bio\":\"a rather long biography\"}").getErrorMsg())
			.isEqualTo("Payload of ProfileChannel.describe is not valid: bio size must be between 1 and 10");
	}

	private CommandResponse perform(String data) {
		return this.handler.command(RpcRequests.message(IDENTIFIER, JANE, data, Map.of()),
				new RpcMetadata("sid", "v1"));
	}

	record Tenant(String host) {
	}

	interface Strict {

	}

	record Rename(@NotBlank String name) {
	}

	record Bio(@NotBlank(groups = {
			Strict.class, jakarta.validation.groups.Default.class }) @Size(min = 1, max = 10,
					groups = Strict.class) String bio){
	}

	@AnyCableChannel("ProfileChannel")
	static class ProfileChannel {

		@Action
		String whereAmI(Tenant tenant) {
			return "tenant " + tenant.host();
		}

		@Action
		String rename(@Valid Rename rename) {
			return "renamed to " + rename.name();
		}

		@Action
		void describe(@Payload @Validated({ Strict.class, jakarta.validation.groups.Default.class }) Bio bio) {
		}

		@Action
		void describeLoosely(@Validated Bio bio) {
		}

		@ChannelExceptionHandler
		Map<String, List<String>> invalid(ChannelPayloadNotValidException ex) {
			if (ex.getMessage().contains("describe")) {
				throw ex;
			}
			return Map.of("invalid",
					ex.getBindingResult()
						.getFieldErrors()
						.stream()
						.map(FieldError::getField)
						.collect(Collectors.toList()));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ProfileChannel.class)
	static class Config {

		@Bean
		@Order(1)
		ChannelArgumentResolver tenantResolver() {
			return new TypeArgumentResolver(Tenant.class, (parameter) -> {
				ChannelMethodKind kind = parameter.getKind();
				return (invocation) -> new Tenant(
						invocation.handle().request().header("REMOTE_ADDR").orElseThrow() + " in " + kind);
			});
		}

		@Bean
		@Order(2)
		ChannelArgumentResolver shadowedTenantResolver() {
			return new TypeArgumentResolver(Tenant.class, (parameter) -> (invocation) -> new Tenant("shadowed"));
		}

	}

}
