package io.anycable.spring.jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.anycable.spring.connection.CableIdentifiers;

import org.springframework.util.Assert;

/**
 * Issues AnyCable JWTs: HS256 tokens whose {@code ext} claim is the connection's
 * identifiers JSON (canonical, exactly what a Connect call would have returned, so remote
 * disconnects match) and whose {@code exp} ends their validity. anycable-go started with
 * the same {@code --jwt_secret} (or {@code --secret}) accepts a client presenting one
 * without calling Connect; so does the embedded server, and so does this application's
 * Connect when anycable-go has no JWT secret.
 * <p>
 * The bean is configured by {@code anycable.jwt-secret} (falling back to
 * {@code anycable.secret}), {@code anycable.jwt-ttl} and {@code anycable.jwt-param}.
 * Thread-safe.
 *
 * @author AnyCable Spring Boot contributors
 * @see CableJwtVerifier
 */
public final class CableJwtIssuer {

	/** The query parameter anycable-go and the JS client use unless told otherwise. */
	public static final String DEFAULT_PARAM = "jid";

	private static final Pattern PARAM = Pattern.compile("[A-Za-z0-9_-]+");

	private static final JWSHeader HEADER = new JWSHeader(JWSAlgorithm.HS256);

	private final Hs256 hs256;

	private final Duration ttl;

	private final String param;

	private final Clock clock;

	/**
	 * Create an issuer.
	 * @param secret the secret anycable-go verifies tokens with
	 * @param ttl how long a token stays valid
	 * @param param the query parameter that carries a token, {@code jid} by default
	 * @param clock the clock that dates tokens
	 */
	public CableJwtIssuer(String secret, Duration ttl, String param, Clock clock) {
		Assert.hasText(secret, "A JWT secret must not be empty");
		Assert.isTrue(ttl.getSeconds() > 0, "A JWT time to live must be at least one second");
		CableJwtIssuer.checkParam(param);
		this.hs256 = new Hs256(secret);
		this.ttl = ttl;
		this.param = param;
		this.clock = clock;
	}

	/**
	 * Issue a token valid for the configured time to live.
	 * @param identifiers the connection's identifiers, e.g. {@code Map.of("user", id)}
	 * @return the token
	 */
	public String issue(Map<String, ?> identifiers) {
		return issue(CableIdentifiers.of(identifiers), this.ttl);
	}

	/**
	 * Issue a token valid for the configured time to live.
	 * @param identifiers the connection's identifiers
	 * @return the token
	 */
	public String issue(CableIdentifiers identifiers) {
		return issue(identifiers, this.ttl);
	}

	/**
	 * Issue a token.
	 * @param identifiers the connection's identifiers
	 * @param ttl how long the token stays valid (whole seconds)
	 * @return the token
	 */
	public String issue(CableIdentifiers identifiers, Duration ttl) {
		Assert.isTrue(ttl.getSeconds() > 0, "A JWT time to live must be at least one second");
		long expiresAt = this.clock.instant().getEpochSecond() + ttl.getSeconds();
		// ext first, then exp: the order (and bytes) of the Ruby and JS libraries' tokens
		JWTClaimsSet claims = new JWTClaimsSet.Builder().claim(CableJwtVerifier.IDENTIFIERS_CLAIM, identifiers.json())
			.expirationTime(Date.from(Instant.ofEpochSecond(expiresAt)))
			.build();
		SignedJWT jwt = new SignedJWT(HEADER, claims);
		try {
			jwt.sign(this.hs256);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign an AnyCable JWT", ex);
		}
		return jwt.serialize();
	}

	/**
	 * Return the cable URL with a fresh token as its query parameter, for a page to hand
	 * to its AnyCable client (Rails' {@code action_cable_with_jwt_meta_tag}).
	 * @param cableUrl the cable URL, e.g. {@code wss://cable.example.com/cable}
	 * @param identifiers the connection's identifiers
	 * @return the URL with {@code ?jid=<token>} (or {@code &jid=})
	 */
	public String cableUrl(String cableUrl, CableIdentifiers identifiers) {
		Assert.hasText(cableUrl, "A cable URL must not be empty");
		// a token is Base64url and dots: nothing to encode
		return cableUrl + ((cableUrl.indexOf('?') >= 0) ? "&" : "?") + this.param + "=" + issue(identifiers);
	}

	/**
	 * Return a {@code <meta name="action-cable-url">} tag whose URL carries a fresh
	 * token, which the Action Cable and AnyCable JS clients connect to (Rails'
	 * {@code action_cable_with_jwt_meta_tag}).
	 * @param cableUrl the cable URL, e.g. {@code /cable}
	 * @param identifiers the connection's identifiers
	 * @return the HTML tag
	 */
	public String actionCableUrlMetaTag(String cableUrl, CableIdentifiers identifiers) {
		return metaTag("action-cable-url", cableUrl(cableUrl, identifiers));
	}

	/**
	 * Return a {@code <meta name="cable-token">} tag with a fresh token, which the
	 * AnyCable JS client ({@code @anycable/web}) sends as {@code ?jid=} (Rails'
	 * {@code anycable_token_meta_tag}); a {@code cable-token-param} tag follows when the
	 * parameter is not {@code jid}.
	 * @param identifiers the connection's identifiers
	 * @return the HTML tag(s)
	 */
	public String tokenMetaTag(CableIdentifiers identifiers) {
		String tag = metaTag("cable-token", issue(identifiers));
		return DEFAULT_PARAM.equals(this.param) ? tag : tag + "\n" + metaTag("cable-token-param", this.param);
	}

	static void checkParam(String param) {
		Assert.isTrue(PARAM.matcher(param).matches(),
				() -> "A JWT parameter name must be letters, digits, '-' or '_', not '" + param + "'");
	}

	private static String metaTag(String name, String content) {
		return "<meta name=\"" + name + "\" content=\"" + escapeAttribute(content) + "\">";
	}

	private static String escapeAttribute(String value) {
		StringBuilder escaped = new StringBuilder(value.length() + 16);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	/**
	 * Return the query parameter that carries a token.
	 * @return the parameter name, {@code jid} by default
	 */
	public String param() {
		return this.param;
	}

	/**
	 * Return how long issued tokens stay valid.
	 * @return the time to live
	 */
	public Duration ttl() {
		return this.ttl;
	}

}
