package io.anycable.spring.boot.autoconfigure;

import java.time.Duration;

import io.anycable.spring.rpc.RpcRequestLimits;

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

	/**
	 * Number of RPC calls handled at once. anycable-go sends at most --rpc_concurrency calls at a time (28 by
	 * default), so the default leaves room for one anycable-go; raise both together.
	 */
	private int rpcPoolSize = 30;

	/**
	 * Number of RPC calls that may wait for a free worker. A call arriving when every worker is busy and the
	 * queue is full is refused with RESOURCE_EXHAUSTED before any work is done, and anycable-go retries it.
	 * Ruby's rpc_max_waiting_requests.
	 */
	private int rpcQueueSize = 20;

	/**
	 * Whether RPC workers are virtual threads, on Java 21 and later (platform threads otherwise). The pool size
	 * still bounds how many calls run at once.
	 */
	private boolean rpcVirtualThreads;

	/**
	 * How deeply the JSON of identifiers, message data and channel state may nest; deeper requests are
	 * answered ERROR.
	 */
	private int rpcMaxJsonDepth = RpcRequestLimits.DEFAULT_MAX_JSON_DEPTH;

	/**
	 * Largest channel identifier, connection identifiers or subscription accepted in a request, counted in
	 * characters; larger requests are answered ERROR.
	 */
	private DataSize rpcMaxIdentifierSize = DataSize.ofBytes(RpcRequestLimits.DEFAULT_MAX_IDENTIFIER_LENGTH);

	/**
	 * Largest connection and channel state (keys and values together) accepted in a request, counted in
	 * characters; larger requests are answered ERROR.
	 */
	private DataSize rpcMaxStateSize = DataSize.ofBytes(RpcRequestLimits.DEFAULT_MAX_STATE_LENGTH);

	/**
	 * How long the RPC server keeps answering Disconnect calls once shutdown starts, while refusing Connect and
	 * Command with UNAVAILABLE so anycable-go retries them elsewhere. Runs before the gRPC server stops; calls in
	 * flight then get grpc.server.shutdown-grace-period to complete.
	 */
	private Duration shutdownGracePeriod = Duration.ZERO;

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

	public int getRpcPoolSize() {
		return this.rpcPoolSize;
	}

	public void setRpcPoolSize(int rpcPoolSize) {
		this.rpcPoolSize = rpcPoolSize;
	}

	public int getRpcQueueSize() {
		return this.rpcQueueSize;
	}

	public void setRpcQueueSize(int rpcQueueSize) {
		this.rpcQueueSize = rpcQueueSize;
	}

	public boolean isRpcVirtualThreads() {
		return this.rpcVirtualThreads;
	}

	public void setRpcVirtualThreads(boolean rpcVirtualThreads) {
		this.rpcVirtualThreads = rpcVirtualThreads;
	}

	public int getRpcMaxJsonDepth() {
		return this.rpcMaxJsonDepth;
	}

	public void setRpcMaxJsonDepth(int rpcMaxJsonDepth) {
		this.rpcMaxJsonDepth = rpcMaxJsonDepth;
	}

	public DataSize getRpcMaxIdentifierSize() {
		return this.rpcMaxIdentifierSize;
	}

	public void setRpcMaxIdentifierSize(DataSize rpcMaxIdentifierSize) {
		this.rpcMaxIdentifierSize = rpcMaxIdentifierSize;
	}

	public DataSize getRpcMaxStateSize() {
		return this.rpcMaxStateSize;
	}

	public void setRpcMaxStateSize(DataSize rpcMaxStateSize) {
		this.rpcMaxStateSize = rpcMaxStateSize;
	}

	public Duration getShutdownGracePeriod() {
		return this.shutdownGracePeriod;
	}

	public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
		this.shutdownGracePeriod = shutdownGracePeriod;
	}

}
