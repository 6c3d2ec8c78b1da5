package io.anycable.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of AnyCable's application side. Keys mirror the Ruby gem's names in kebab case, and
 * relaxed binding accepts the Ruby spelling too: {@code rpc_host} in YAML, {@code ANYCABLE_RPC_HOST} in
 * the environment.
 *
 * @author AnyCable Spring Boot contributors
 */
@ConfigurationProperties("anycable")
public class AnyCableProperties {

	/**
	 * Whether to enable AnyCable (RPC server, channels and broadcasting).
	 */
	private boolean enabled = true;

	/**
	 * Address the gRPC RPC server listens on, as "host:port" ("[::1]:50051" for IPv6, "*:50051" or
	 * "0.0.0.0:50051" for every interface). Drives grpc.server.address and grpc.server.port unless those
	 * are set. anycable-go connects to it with --rpc_host.
	 */
	private String rpcHost = "127.0.0.1:50051";

	/**
	 * Application secret shared with anycable-go (--secret); keys that are not set explicitly, like the
	 * broadcast key, are derived from it. Never logged.
	 */
	private String secret;

	private final Embedded embedded = new Embedded();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getRpcHost() {
		return this.rpcHost;
	}

	public void setRpcHost(String rpcHost) {
		this.rpcHost = rpcHost;
	}

	public String getSecret() {
		return this.secret;
	}

	public void setSecret(String secret) {
		this.secret = secret;
	}

	public Embedded getEmbedded() {
		return this.embedded;
	}

	/**
	 * The embedded Action Cable endpoint: a single-node stand-in for anycable-go that serves the same
	 * channels in-process, for development and small deployments.
	 */
	public static class Embedded {

		/**
		 * Whether to serve Action Cable clients from this application (no anycable-go needed).
		 */
		private boolean enabled;

		/**
		 * Path of the WebSocket endpoint, like anycable-go's --path.
		 */
		private String path = "/cable";

		/**
		 * Interval between the pings sent to every client, like anycable-go's --ping_interval. A client can
		 * ask for another interval in whole seconds with the "pi" query parameter.
		 */
		private Duration pingInterval = Duration.ofSeconds(3);

		/**
		 * Request headers passed to the connection factory, like anycable-go's --headers (REMOTE_ADDR is
		 * always passed).
		 */
		private List<String> headers = new ArrayList<>(List.of("cookie"));

		/**
		 * Origins allowed to connect, as patterns ("*" for any, anycable-go's default; "https://*.example.com").
		 */
		private List<String> allowedOrigins = new ArrayList<>(List.of("*"));

		/**
		 * Largest message a client may send; a larger one closes its connection with 1009.
		 */
		private DataSize maxMessageSize = DataSize.ofKilobytes(64);

		/**
		 * Largest amount of frames waiting to be written to one client before it is disconnected as too slow,
		 * like anycable-go's ws_max_pending_size.
		 */
		private DataSize sendBufferSizeLimit = DataSize.ofMegabytes(1);

		/**
		 * Longest time one write to a client may take before the client is disconnected as too slow.
		 */
		private Duration sendTimeLimit = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public List<String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(List<String> headers) {
			this.headers = headers;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public DataSize getSendBufferSizeLimit() {
			return this.sendBufferSizeLimit;
		}

		public void setSendBufferSizeLimit(DataSize sendBufferSizeLimit) {
			this.sendBufferSizeLimit = sendBufferSizeLimit;
		}

		public Duration getSendTimeLimit() {
			return this.sendTimeLimit;
		}

		public void setSendTimeLimit(Duration sendTimeLimit) {
			this.sendTimeLimit = sendTimeLimit;
		}

	}

}
