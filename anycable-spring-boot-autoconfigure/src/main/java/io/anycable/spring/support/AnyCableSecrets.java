package io.anycable.spring.support;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Derives the keys anycable-go derives from its single {@code --secret}, so that one
 * shared secret configures both sides: each key is the lower-case hex HMAC-SHA256 of a
 * fixed phrase, keyed with the secret. An explicit key wins, and the literal {@code none}
 * turns a key off.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class AnyCableSecrets {

	/** The value that disables a key. */
	public static final String NONE = "none";

	/** The phrase of the HTTP broadcast key. */
	public static final String BROADCAST_PHRASE = "broadcast-cable";

	/** The phrase of the HTTP RPC key. */
	public static final String RPC_PHRASE = "rpc-cable";

	private static final String ALGORITHM = "HmacSHA256";

	private AnyCableSecrets() {
	}

	/**
	 * Return the key that protects anycable-go's HTTP broadcast endpoint.
	 * @param broadcastKey the explicit key ({@code anycable.broadcast-key}), may be
	 * {@code null}
	 * @param secret the application secret ({@code anycable.secret}), may be {@code null}
	 * @return the key, or {@code null} when there is none
	 */
	public static @Nullable String broadcastKey(@Nullable String broadcastKey, @Nullable String secret) {
		return resolve(broadcastKey, secret, BROADCAST_PHRASE);
	}

	/**
	 * Return the key anycable-go sends to an HTTP RPC server.
	 * @param rpcKey the explicit key, may be {@code null}
	 * @param secret the application secret ({@code anycable.secret}), may be {@code null}
	 * @return the key, or {@code null} when there is none
	 */
	public static @Nullable String rpcKey(@Nullable String rpcKey, @Nullable String secret) {
		return resolve(rpcKey, secret, RPC_PHRASE);
	}

	/**
	 * Return the secret of AnyCable JWTs: anycable-go verifies tokens with the secret
	 * itself, not with a key derived from it.
	 * @param jwtSecret the explicit secret ({@code anycable.jwt-secret}), may be
	 * {@code null}
	 * @param secret the application secret ({@code anycable.secret}), may be {@code null}
	 * @return the secret, or {@code null} when JWT identification is off
	 */
	public static @Nullable String jwtSecret(@Nullable String jwtSecret, @Nullable String secret) {
		String value = StringUtils.hasText(jwtSecret) ? jwtSecret : secret;
		return (StringUtils.hasText(value) && !NONE.equals(value)) ? value : null;
	}

	/**
	 * Derive a key from the secret.
	 * @param secret the secret
	 * @param phrase the phrase of the key, e.g. {@link #BROADCAST_PHRASE}
	 * @return the lower-case hex HMAC-SHA256
	 */
	public static String derive(String secret, String phrase) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			return HexFormat.of().formatHex(mac.doFinal(phrase.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("Cannot compute " + ALGORITHM, ex);
		}
	}

	private static @Nullable String resolve(@Nullable String explicitKey, @Nullable String secret, String phrase) {
		if (StringUtils.hasText(explicitKey)) {
			return NONE.equals(explicitKey) ? null : explicitKey;
		}
		if (StringUtils.hasText(secret) && !NONE.equals(secret)) {
			return derive(secret, phrase);
		}
		return null;
	}

}
