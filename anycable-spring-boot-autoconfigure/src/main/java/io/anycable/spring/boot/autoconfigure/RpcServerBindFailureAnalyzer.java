package io.anycable.spring.boot.autoconfigure;

import java.net.BindException;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * Explains why the gRPC server of {@code anycable.RPC} could not listen, like Boot's
 * {@code PortInUseFailureAnalyzer} does for the web server: which address and port, which
 * property set them, and how to free or change them. grpc-java reports the failure as an
 * {@code IOException} "Failed to bind to address" whose cause is a {@link BindException}
 * (NIO) or Netty's native {@code IOException} (epoll), neither of which Boot recognizes.
 *
 * @author AnyCable Spring Boot contributors
 */
class RpcServerBindFailureAnalyzer implements FailureAnalyzer {

	// grpc-java's NettyServer (and net.devh's lifecycle around it) word their failures
	// this way
	private static final String GRPC_BIND_FAILURE = "Failed to bind to address";

	private static final String RPC_HOST = "anycable.rpc-host";

	private final Environment environment;

	RpcServerBindFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		Throwable grpcFailure = findGrpcBindFailure(failure);
		if (grpcFailure == null || grpcFailure.getCause() == null) {
			return null;
		}
		Throwable cause = grpcFailure.getCause();
		String reason = Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getName());
		String host = this.environment.getProperty("grpc.server.address", "*");
		String port = this.environment.getProperty("grpc.server.port", "9090");
		boolean fromRpcHost = isFromRpcHost(host, port);
		String source = fromRpcHost ? RPC_HOST + "=" + rpcHost()
				: "grpc.server.address=" + host + ", grpc.server.port=" + port;
		String where = ("*".equals(host) ? "every interface on port " + port : host + ":" + port) + " (" + source + ")";
		String property = fromRpcHost ? RPC_HOST : "grpc.server.address and grpc.server.port";
		String lowerCaseReason = reason.toLowerCase(Locale.ROOT);
		if (lowerCaseReason.contains("address already in use")) {
			String example = fromRpcHost ? ", for example " + RPC_HOST + "=127.0.0.1:" + otherPort(port) : "";
			return new FailureAnalysis(
					"The AnyCable RPC server could not listen on " + where + ": the port is already in use.",
					"Identify and stop the process that listens on port " + port
							+ " (often another instance of this application; 'ss -ltnp' or 'lsof -i :" + port
							+ "' names it), or set " + property + " to another port" + example
							+ ", and point anycable-go's --rpc_host at it.",
					failure);
		}
		if (lowerCaseReason.contains("cannot assign requested address")) {
			return new FailureAnalysis(
					"The AnyCable RPC server could not listen on " + where
							+ ": the address is not one of this machine's.",
					"Set " + property + " to an address of this machine: 127.0.0.1 (loopback, anycable-go on the "
							+ "same machine), the address of one network interface, or 0.0.0.0 (every interface).",
					failure);
		}
		return new FailureAnalysis("The AnyCable RPC server could not listen on " + where + ": " + reason + ".",
				"Check " + property + ": ports below 1024 need privileges, and the address must be one of this "
						+ "machine's (127.0.0.1 for loopback, 0.0.0.0 for every interface).",
				failure);
	}

	private static @Nullable Throwable findGrpcBindFailure(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			String message = candidate.getMessage();
			if (message != null && message.startsWith(GRPC_BIND_FAILURE)) {
				return candidate;
			}
		}
		return null;
	}

	// the values come from anycable.rpc-host unless grpc.server.* were set explicitly
	private boolean isFromRpcHost(String host, String port) {
		try {
			RpcHostAddress address = RpcHostAddress.parse(rpcHost());
			return address.host().equals(host) && String.valueOf(address.port()).equals(port);
		}
		catch (InvalidRpcHostException ex) {
			return false;
		}
	}

	private String rpcHost() {
		return this.environment.getProperty(RPC_HOST, "127.0.0.1:50051");
	}

	private static String otherPort(String port) {
		try {
			int number = Integer.parseInt(port);
			return String.valueOf((number > 0 && number < 65535) ? number + 1 : 50052);
		}
		catch (NumberFormatException ex) {
			return "50052";
		}
	}

}
