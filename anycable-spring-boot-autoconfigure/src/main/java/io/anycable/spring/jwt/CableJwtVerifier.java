package io.anycable.spring.jwt;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Locale;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.support.CableJson;

import org.springframework.util.Assert;

/**
 * Verifies AnyCable JWTs as anycable-go does ({@code identity/jwt.go}): the token is read
 * from the {@code x-jid} header (anycable-go 1.6 puts an {@code anycable-token.<jwt>}
 * WebSocket sub-protocol there), else from the {@code jid} query parameter; its HS256
 * signature is checked first, then {@code exp} and {@code nbf} with no leeway, and its
 * {@code ext} claim, a JSON object in a string, becomes the connection's identifiers
 * unchanged.
 * <p>
 * Stricter than anycable-go where it accepts what no AnyCable library issues: only HS256
 * (anycable-go takes any HMAC), only the compact form without whitespace, and {@code ext}
 * must be a JSON object. Thread-safe.
 *
 * @author AnyCable Spring Boot contributors
 * @see CableJwtIssuer
 */
public final class CableJwtVerifier {

	/** The claim that carries the identifiers JSON. */
	public static final String IDENTIFIERS_CLAIM = "ext";

	// three Base64url parts, nothing else: nimbus would skip characters it does not
	// expect
	private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

	/** Bounds the work a hostile token can cause before its signature is checked. */
	private static final int MAX_TOKEN_LENGTH = 8192;

	private final Hs256 hs256;

	private final String param;

	private final String header;

	private final boolean enforced;

	private final CableJson json;

	private final Clock clock;

	/**
	 * Create a verifier.
	 * @param secret the secret tokens are signed with
	 * @param param the query parameter that carries a token; the header is
	 * {@code x-<param>}
	 * @param enforced whether a client without a token is refused
	 * ({@code anycable-go --enforce_jwt}) rather than left to the Connect call
	 * @param json reads the identifiers
	 * @param clock the clock that decides expiry
	 */
	public CableJwtVerifier(String secret, String param, boolean enforced, CableJson json, Clock clock) {
		Assert.hasText(secret, "A JWT secret must not be empty");
		CableJwtIssuer.checkParam(param);
		this.hs256 = new Hs256(secret);
		this.param = param;
		this.header = "x-" + param.toLowerCase(Locale.ROOT);
		this.enforced = enforced;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Find the token of a WebSocket request and verify it.
	 * @param request the request
	 * @return the verification; {@link CableJwtVerification.Outcome#MISSING} when the
	 * request has no token
	 */
	public CableJwtVerification identify(CableRequest request) {
		String token = request.header(this.header).filter((value) -> !value.isEmpty()).orElse(null);
		if (token == null) {
			token = request.param(this.param).orElse("");
		}
		return token.isEmpty() ? CableJwtVerification.MISSING : verify(token);
	}

	/**
	 * Verify a token.
	 * @param token the token
	 * @return the verification, never {@link CableJwtVerification.Outcome#MISSING}
	 */
	public CableJwtVerification verify(String token) {
		if (token.length() > MAX_TOKEN_LENGTH) {
			return CableJwtVerification.invalid("longer than " + MAX_TOKEN_LENGTH + " characters");
		}
		if (!COMPACT_JWS.matcher(token).matches()) {
			return CableJwtVerification.invalid("not a compact JWS (three Base64url parts)");
		}
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(token);
			if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
				return CableJwtVerification.invalid("algorithm " + jwt.getHeader().getAlgorithm() + ", not HS256");
			}
			if (!jwt.verify(this.hs256)) {
				return CableJwtVerification.invalid("wrong signature");
			}
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			return CableJwtVerification.invalid("malformed (" + ex.getMessage() + ")");
		}
		return verify(claims);
	}

	private CableJwtVerification verify(JWTClaimsSet claims) {
		Date now = Date.from(this.clock.instant());
		Date expiresAt;
		Date notBefore;
		try {
			expiresAt = claims.getExpirationTime();
			notBefore = claims.getNotBeforeTime();
		}
		catch (RuntimeException ex) {
			return CableJwtVerification.invalid("exp or nbf is not a number");
		}
		if (expiresAt != null && !now.before(expiresAt)) {
			return CableJwtVerification.EXPIRED;
		}
		if (notBefore != null && now.before(notBefore)) {
			return CableJwtVerification.invalid("not valid before " + notBefore.toInstant());
		}
		if (!(claims.getClaim(IDENTIFIERS_CLAIM) instanceof String ext)) {
			return CableJwtVerification.invalid("no identifiers: claim \"" + IDENTIFIERS_CLAIM + "\" is "
					+ ((claims.getClaim(IDENTIFIERS_CLAIM) == null) ? "missing" : "not a string"));
		}
		try {
			return CableJwtVerification.valid(CableIdentifiers.parse(ext, this.json));
		}
		catch (IllegalArgumentException ex) {
			return CableJwtVerification.invalid("claim \"" + IDENTIFIERS_CLAIM + "\" is not a JSON object");
		}
	}

	/**
	 * Return whether a client without a token is refused.
	 * @return {@code true} when tokens are enforced
	 */
	public boolean isEnforced() {
		return this.enforced;
	}

	/**
	 * Return the request header that carries a token.
	 * @return {@code x-} followed by the parameter, lower case
	 */
	public String header() {
		return this.header;
	}

	/**
	 * Return the query parameter that carries a token.
	 * @return the parameter name
	 */
	public String param() {
		return this.param;
	}

}
