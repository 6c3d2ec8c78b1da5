package io.anycable.spring.rpc;

import org.jspecify.annotations.Nullable;

/**
 * The call metadata anycable-go sends next to every request ({@code sid} and
 * {@code protov} gRPC metadata, or {@code x-anycable-meta-*} headers over HTTP).
 *
 * @param sid the session id, {@code null} when not sent
 * @param protocolVersion the comma-separated RPC protocol versions the caller speaks,
 * {@code null} when not sent
 * @author AnyCable Spring Boot contributors
 */
public record RpcMetadata(@Nullable String sid, @Nullable String protocolVersion) {

	/** No metadata. */
	public static final RpcMetadata NONE = new RpcMetadata(null, null);

}
