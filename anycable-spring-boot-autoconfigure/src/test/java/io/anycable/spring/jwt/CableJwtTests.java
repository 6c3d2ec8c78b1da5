package io.anycable.spring.jwt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.jwt.CableJwtVerification.Outcome;
import io.anycable.spring.support.CableJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CableJwtIssuer} and {@link CableJwtVerifier}, against the vector of
 * the protocol (secret {@code s3Krit}, identifiers {@code {"user":"jane"}}, exp
 * 1900000000).
 */
class CableJwtTests {

	static final String VECTOR = "eyJhbGciOiJIUzI1NiJ9.eyJleHQiOiJ7XCJ1c2VyXCI6XCJqYW5lXCJ9IiwiZXhwIjoxOTAwMDAwMDAwfQ"
			+ ".XfH3PG_Q4XW3RFRjIEvRguP23GI9t98u5ycQAjPzdno";

	private static final long EXP = 1_900_000_000L;

	private final CableJson json = new CableJson(JsonMapper.builder().build());

	@Test
	void issuesTheVectorByteForByte() {
		CableJwtIssuer issuer = issuer(EXP - 3600, Duration.ofHours(1));
		assertThat(issuer.issue(Map.of("user", "jane"))).isEqualTo(VECTOR);
	}

	@Test
	void issuedIdentifiersAreCanonicalSoRemoteDisconnectsMatch() {
		String token = issuer(0, Duration.ofSeconds(60)).issue(Map.of("z", 1, "a", Map.of("b", 2.0)));
		String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
		assertThat(payload).isEqualTo("{\"ext\":\"{\\\"a\\\":{\\\"b\\\":2},\\\"z\\\":1}\",\"exp\":60}");
	}

	@Test
	void verifiesTheVectorBeforeItsExpiry() {
		CableJwtVerification verification = verifier(EXP - 1).verify(VECTOR);
		assertThat(verification.outcome()).isEqualTo(Outcome.VALID);
		assertThat(verification.identifiers().json()).isEqualTo("{\"user\":\"jane\"}");
	}

	@Test
	void aTokenExpiresAtItsExpAsInAnyCableGo() {
		assertThat(verifier(EXP).verify(VECTOR).outcome()).isEqualTo(Outcome.EXPIRED);
		assertThat(verifier(EXP + 3600).verify(VECTOR).outcome()).isEqualTo(Outcome.EXPIRED);
	}

	@Test
	void aWrongSignatureIsInvalidEvenWhenExpired() {
		CableJwtVerifier other = new CableJwtVerifier("another secret", "jid", false, this.json, clock(EXP + 10));
		CableJwtVerification verification = other.verify(VECTOR);
		assertThat(verification.outcome()).isEqualTo(Outcome.INVALID);
		assertThat(verification.problem()).isEqualTo("wrong signature");
	}

	@Test
	void aTamperedPayloadIsInvalid() {
		String[] parts = VECTOR.split("\\.");
		String payload = encode("{\"ext\":\"{\\\"user\\\":\\\"admin\\\"}\",\"exp\":1900000000}");
		assertThat(verifier(0).verify(parts[0] + "." + payload + "." + parts[2]).outcome()).isEqualTo(Outcome.INVALID);
	}

	@Test
	void algNoneIsRefused() {
		String payload = VECTOR.split("\\.")[1];
		assertInvalid(encode("{\"alg\":\"none\"}") + "." + payload + ".");
		assertInvalid(encode("{\"alg\":\"none\"}") + "." + payload + "." + VECTOR.split("\\.")[2]);
	}

	@Test
	void anotherAlgorithmIsRefusedEvenWithTheRightSecret() {
		String hs512 = sign("{\"alg\":\"HS512\"}", "{\"ext\":\"{}\",\"exp\":1900000000}", "HmacSHA512");
		CableJwtVerification verification = verifier(0).verify(hs512);
		assertThat(verification.outcome()).isEqualTo(Outcome.INVALID);
		assertThat(verification.problem()).contains("HS512");
	}

	@Test
	void identifiersMustBeAJsonObjectInAString() {
		assertInvalid(sign("{\"alg\":\"HS256\"}", "{\"exp\":1900000000}", "HmacSHA256"), "missing");
		assertInvalid(sign("{\"alg\":\"HS256\"}", "{\"ext\":{\"user\":\"jane\"},\"exp\":1900000000}", "HmacSHA256"),
				"not a string");
		assertInvalid(sign("{\"alg\":\"HS256\"}", "{\"ext\":\"[1]\",\"exp\":1900000000}", "HmacSHA256"),
				"not a JSON object");
	}

	@Test
	void aNonNumericExpIsInvalidNotExpired() {
		assertInvalid(sign("{\"alg\":\"HS256\"}", "{\"ext\":\"{}\",\"exp\":\"soon\"}", "HmacSHA256"), "exp");
	}

	@Test
	void aTokenNotYetValidIsInvalid() {
		assertInvalid(sign("{\"alg\":\"HS256\"}", "{\"ext\":\"{}\",\"nbf\":1900000000}", "HmacSHA256"),
				"not valid before");
	}

	@Test
	void whitespaceAnywhereIsRefused() {
		assertInvalid(" " + VECTOR);
		assertInvalid(VECTOR + "\n");
		assertInvalid(VECTOR.substring(0, 10) + " " + VECTOR.substring(10));
	}

	@Test
	void garbageAndOversizedTokensAreInvalid() {
		assertInvalid("not-a-token");
		assertInvalid("a.b.c");
		assertInvalid("a".repeat(9000) + ".b.c", "longer than");
	}

	@Test
	void theHeaderWinsOverTheQueryParameter() {
		CableRequest request = CableRequest.of("http://localhost/cable?jid=garbage", Map.of("X-JID", VECTOR));
		assertThat(verifier(0).identify(request).outcome()).isEqualTo(Outcome.VALID);
	}

	@Test
	void theQueryParameterIsReadWithoutTheHeader() {
		assertThat(verifier(0).identify(CableRequest.of("http://localhost/cable?jid=" + VECTOR, Map.of())).outcome())
			.isEqualTo(Outcome.VALID);
		assertThat(verifier(0).identify(CableRequest.of("http://localhost/cable?jid=", Map.of("x-jid", ""))).outcome())
			.isEqualTo(Outcome.MISSING);
	}

	@Test
	void aCustomParameterAlsoNamesTheHeader() {
		CableJwtVerifier verifier = new CableJwtVerifier("s3Krit", "token", false, this.json, clock(0));
		assertThat(verifier.identify(CableRequest.of("http://localhost/cable", Map.of("x-token", VECTOR))).outcome())
			.isEqualTo(Outcome.VALID);
		assertThat(verifier.identify(CableRequest.of("http://localhost/cable?jid=" + VECTOR, Map.of())).outcome())
			.isEqualTo(Outcome.MISSING);
	}

	@Test
	void cableUrlCarriesAFreshToken() {
		CableJwtIssuer issuer = issuer(EXP - 3600, Duration.ofHours(1));
		CableIdentifiers jane = CableIdentifiers.of(Map.of("user", "jane"));
		assertThat(issuer.cableUrl("ws://localhost:8080/cable", jane))
			.isEqualTo("ws://localhost:8080/cable?jid=" + VECTOR);
		assertThat(issuer.cableUrl("/cable?tenant=a", jane)).isEqualTo("/cable?tenant=a&jid=" + VECTOR);
	}

	@Test
	void metaTagsAreTheOnesTheJsClientsRead() {
		CableJwtIssuer issuer = issuer(EXP - 3600, Duration.ofHours(1));
		CableIdentifiers jane = CableIdentifiers.of(Map.of("user", "jane"));
		assertThat(issuer.actionCableUrlMetaTag("/cable?a=1", jane))
			.isEqualTo("<meta name=\"action-cable-url\" content=\"/cable?a=1&amp;jid=" + VECTOR + "\">");
		assertThat(issuer.tokenMetaTag(jane)).isEqualTo("<meta name=\"cable-token\" content=\"" + VECTOR + "\">");
		CableJwtIssuer custom = new CableJwtIssuer("s3Krit", Duration.ofHours(1), "token", clock(EXP - 3600));
		assertThat(custom.tokenMetaTag(jane)).endsWith("\n<meta name=\"cable-token-param\" content=\"token\">");
	}

	@Test
	void issuedTokensVerify() {
		CableJwtIssuer issuer = issuer(1000, Duration.ofSeconds(30));
		String token = issuer.issue(CableIdentifiers.of(Map.of("user", "jane", "tenant", 7)));
		assertThat(verifier(1029).verify(token).identifiers().asMap()).containsEntry("tenant", 7);
		assertThat(verifier(1030).verify(token).outcome()).isEqualTo(Outcome.EXPIRED);
	}

	@Test
	void configurationMistakesFailFast() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CableJwtIssuer("", Duration.ofHours(1), "jid", clock(0)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CableJwtIssuer("s3Krit", Duration.ofMillis(500), "jid", clock(0)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CableJwtIssuer("s3Krit", Duration.ofHours(1), "j id", clock(0)))
			.withMessageContaining("j id");
	}

	private void assertInvalid(String token) {
		assertThat(verifier(0).verify(token).outcome()).as(token).isEqualTo(Outcome.INVALID);
	}

	private void assertInvalid(String token, String problem) {
		CableJwtVerification verification = verifier(0).verify(token);
		assertThat(verification.outcome()).as(token).isEqualTo(Outcome.INVALID);
		assertThat(verification.problem()).contains(problem);
	}

	private CableJwtIssuer issuer(long now, Duration ttl) {
		return new CableJwtIssuer("s3Krit", ttl, "jid", clock(now));
	}

	private CableJwtVerifier verifier(long now) {
		return new CableJwtVerifier("s3Krit", "jid", false, this.json, clock(now));
	}

	private static Clock clock(long epochSecond) {
		return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
	}

	private static String encode(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	// a token signed by other means than the issuer, to build what it never issues
	private static String sign(String header, String payload, String algorithm) {
		String input = encode(header) + "." + encode(payload);
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec("s3Krit".getBytes(StandardCharsets.UTF_8), algorithm));
			return input + "."
					+ Base64.getUrlEncoder()
						.withoutPadding()
						.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
