package io.anycable.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a broadcast adapter whose client library is missing.
 */
class MissingBroadcastAdapterFailureAnalyzer extends AbstractFailureAnalyzer<MissingBroadcastAdapterException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingBroadcastAdapterException cause) {
		return new FailureAnalysis(cause.getMessage() + ".", "Add " + cause.getLibrary()
				+ " to the application's dependencies, or set anycable.broadcast-adapter to redis, redisx, nats or http.",
				cause);
	}

}
