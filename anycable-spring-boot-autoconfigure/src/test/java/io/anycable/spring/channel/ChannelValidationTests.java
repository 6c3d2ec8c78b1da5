package io.anycable.spring.channel;

import java.util.List;
import java.util.Map;

import io.anycable.spring.boot.autoconfigure.AnyCableAutoConfiguration;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.ChannelExceptionHandler;
import io.anycable.spring.channel.annotation.ChannelParam;
import io.anycable.spring.channel.annotation.OnSubscribe;
import io.anycable.spring.channel.annotation.OnUnsubscribe;
import io.anycable.spring.channel.annotation.Payload;
import io.anycable.spring.channel.method.ChannelArgumentResolver;
import jakarta.validation.Valid;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every wrong channel declaration fails startup, naming the bean, the method and the
 * parameter.
 */
class ChannelValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AnyCableAutoConfiguration.class));

	@Test
	void validatedPayloadWithoutValidator() {
		assertFailure(ValidatedWithoutValidator.class,
				"is marked for validation, but the application has no Bean Validation Validator",
				"spring-boot-starter-validation");
	}

	@Test
	void parameterOnlyTheApplicationsResolverSupports() {
		this.runner.withBean(UnsupportedParameter.class)
			.withBean(ChannelArgumentResolver.class,
					() -> new TypeArgumentResolver(String.class, (parameter) -> (invocation) -> "resolved"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void resolverRefusesAParameterItSupports() {
		this.runner.withBean(UnsupportedParameter.class)
			.withBean(ChannelArgumentResolver.class, () -> new TypeArgumentResolver(String.class, (parameter) -> {
				throw parameter.invalid("is a String without a format", "Annotate it with @Formatted.");
			}))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(channelFailure(context.getStartupFailure())).hasMessageContaining(
						"parameter 0 (text) of method void io.anycable.spring.channel.ChannelValidationTests$UnsupportedParameter.speak(java.lang.String) is a String without a format")
					.extracting(InvalidChannelDefinitionException::getAction)
					.isEqualTo("Annotate it with @Formatted.");
			});
	}

	@Test
	void duplicateChannelNames() {
		this.runner.withBean("first", First.class).withBean("second", Second.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(channelFailure(context.getStartupFailure()))
				.hasMessage("Channel name 'Twin' is used by both bean 'first' and bean 'second'");
		});
	}

	@Test
	void duplicateActions() {
		assertFailure(DuplicateAction.class, "declares action 'go', already declared by", "@Action(\"...\")");
	}

	@Test
	void unsupportedParameterType() {
		assertFailure(UnsupportedParameter.class,
				"parameter 0 (text) of method void io.anycable.spring.channel.ChannelValidationTests$UnsupportedParameter.speak(java.lang.String) has an unsupported type java.lang.String",
				"@ChannelParam");
	}

	@Test
	void twoPayloadParameters() {
		assertFailure(TwoPayloads.class, "parameter 1 (other) of method", "is a second payload parameter");
	}

	@Test
	void payloadInSubscribeCallback() {
		assertFailure(PayloadInSubscribe.class, "is a payload, but only @Action methods receive one", "@ChannelParam");
	}

	@Test
	void callbackReturningAValue() {
		assertFailure(NonVoidCallback.class, "is @OnSubscribe but returns String", "return void");
	}

	@Test
	void twoSubscribeCallbacks() {
		assertFailure(TwoSubscribes.class, "is a second @OnSubscribe method", "single @OnSubscribe");
	}

	@Test
	void twoAnnotationsOnOneMethod() {
		assertFailure(TwoAnnotations.class, "has both @OnUnsubscribe and @Action", "one channel annotation");
	}

	@Test
	void optionalPrimitiveParameter() {
		assertFailure(OptionalPrimitive.class, "is optional but primitive", "wrapper type");
	}

	@Test
	void exceptionHandlerWithoutException() {
		assertFailure(HandlerWithoutException.class, "names no exception to handle", "@ChannelExceptionHandler(...)");
	}

	@Test
	void staticChannelMethod() {
		assertFailure(StaticAction.class, "is static", "instance method");
	}

	private void assertFailure(Class<?> channel, String... expected) {
		this.runner.withBean(channel).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(channelFailure(context.getStartupFailure())).isNotNull();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			String report = analysis.getDescription() + "\n" + analysis.getAction();
			assertThat(report).contains("Channel").contains(expected);
		});
	}

	private static InvalidChannelDefinitionException channelFailure(Throwable failure) {
		while (failure != null && !(failure instanceof InvalidChannelDefinitionException)) {
			failure = failure.getCause();
		}
		return (InvalidChannelDefinitionException) failure;
	}

	private static FailureAnalysis analyze(Throwable failure) {
		// the analyzers registered in spring.factories, as Boot loads them (with the
		// Environment some take)
		ClassLoader classLoader = ChannelValidationTests.class.getClassLoader();
		// (Boot's own need a bean factory, which Boot gives them and this test does not:
		// they are skipped)
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(classLoader)
			.load(FailureAnalyzer.class, ArgumentResolver.of(Environment.class, new StandardEnvironment()),
					(factoryType, implementationName, ex) -> {
						if (implementationName.startsWith("io.anycable.")) {
							throw new IllegalStateException("Cannot create " + implementationName, ex);
						}
					});
		for (FailureAnalyzer analyzer : analyzers) {
			if (analyzer.getClass().getName().startsWith("io.anycable.")) {
				FailureAnalysis analysis = analyzer.analyze(failure);
				if (analysis != null) {
					return analysis;
				}
			}
		}
		throw new AssertionError("No failure analyzer explained " + failure);
	}

	@AnyCableChannel("Twin")
	static class First {

	}

	@AnyCableChannel("Twin")
	static class Second {

	}

	@AnyCableChannel
	static class DuplicateAction {

		@Action("go")
		void one() {
		}

		@Action("go")
		void two() {
		}

	}

	@AnyCableChannel
	static class UnsupportedParameter {

		@Action
		void speak(String text) {
		}

	}

	record Message(String text) {
	}

	@AnyCableChannel
	static class TwoPayloads {

		@Action
		void speak(Message message, @Payload Map<String, Object> other) {
		}

	}

	@AnyCableChannel
	static class PayloadInSubscribe {

		@OnSubscribe
		void subscribed(@Payload Message message) {
		}

	}

	@AnyCableChannel
	static class NonVoidCallback {

		@OnSubscribe
		String subscribed() {
			return "hi";
		}

	}

	@AnyCableChannel
	static class TwoSubscribes {

		@OnSubscribe
		void one() {
		}

		@OnSubscribe
		void two() {
		}

	}

	@AnyCableChannel
	static class TwoAnnotations {

		@OnUnsubscribe
		@Action
		void both() {
		}

	}

	@AnyCableChannel
	static class OptionalPrimitive {

		@OnSubscribe
		void subscribed(@ChannelParam(required = false) int page) {
		}

	}

	@AnyCableChannel
	static class HandlerWithoutException {

		@ChannelExceptionHandler
		void handle(ChannelHandle handle) {
		}

	}

	@AnyCableChannel
	static class ValidatedWithoutValidator {

		@Action
		void speak(@Valid Message message) {
		}

	}

	@AnyCableChannel
	static class StaticAction {

		@Action
		static void go() {
		}

	}

}
