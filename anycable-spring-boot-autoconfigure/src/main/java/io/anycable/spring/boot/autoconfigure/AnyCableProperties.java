package io.anycable.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

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

}
