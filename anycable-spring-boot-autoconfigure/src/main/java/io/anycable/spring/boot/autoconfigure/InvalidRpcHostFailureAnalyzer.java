package io.anycable.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an unusable {@code anycable.rpc-host}.
 */
class InvalidRpcHostFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRpcHostException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidRpcHostException cause) {
		return new FailureAnalysis(cause.getMessage() + ".",
				"Set anycable.rpc-host (or ANYCABLE_RPC_HOST) to host:port, for example 127.0.0.1:50051, "
						+ "localhost:50051, [::1]:50051 or 0.0.0.0:50051, and point anycable-go's --rpc_host at it.",
				cause);
	}

}
