package io.anycable.spring.boot.autoconfigure;

import io.anycable.spring.channel.InvalidChannelDefinitionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a wrong channel declaration into a Description / Action report.
 */
class InvalidChannelDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<InvalidChannelDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidChannelDefinitionException cause) {
		return new FailureAnalysis(cause.getMessage() + ".", cause.getAction(), cause);
	}

}
