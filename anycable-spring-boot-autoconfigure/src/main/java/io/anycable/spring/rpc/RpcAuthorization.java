package io.anycable.spring.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;

/**
 * Checks the key anycable-go presents, without leaking through timing how much of a guess
 * was right: an HTTP RPC endpoint receives {@code Authorization: Bearer <key>} on every
 * call (the key is {@code --http_rpc_secret}, or derived from {@code --secret}).
 *
 * @author AnyCable Spring Boot contributors
 */
public final class RpcAuthorization {

	private static final String BEARER = "Bearer ";

	private RpcAuthorization() {
	}

	/**
	 * Whether an {@code Authorization} header carries the key as a bearer token.
	 * @param authorization the header value, may be {@code null}
	 * @param key the expected key
	 * @return {@code true} if the header is {@code Bearer <key>}
	 */
	public static boolean isAuthorized(@Nullable String authorization, String key) {
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		return secretsEqual(key, authorization.substring(BEARER.length()));
	}

	/**
	 * Compare a secret with a presented value in constant time: the time taken depends on
	 * the length of the expected secret only, never on where the values differ.
	 * @param expected the secret, never {@code null}
	 * @param presented the value to check, may be {@code null}
	 * @return whether they are equal
	 */
	public static boolean secretsEqual(String expected, @Nullable String presented) {
		if (presented == null) {
			return false;
		}
		// MessageDigest.isEqual walks the whole first array whatever the second holds
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				presented.getBytes(StandardCharsets.UTF_8));
	}

}
