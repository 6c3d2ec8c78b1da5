package io.anycable.spring.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AnyCableSecrets}, against the vectors of anycable-go.
 */
class AnyCableSecretsTests {

	@Test
	void derivesBroadcastKeyFromSecretLikeAnyCableGo() {
		assertThat(AnyCableSecrets.broadcastKey(null, "s3Krit"))
			.isEqualTo("a239a7ca182c90fc32bdedf73703d271388cf433843affffd3a5e757041fc716");
	}

	@Test
	void derivesRpcKeyFromSecretLikeAnyCableGo() {
		assertThat(AnyCableSecrets.rpcKey(null, "s3Krit"))
			.isEqualTo("08ac56f1562c6377ddd5d2d55cee2e35e117a55959d6a6ea3a63548ef0a7e559");
	}

	@Test
	void explicitKeyWinsOverSecret() {
		assertThat(AnyCableSecrets.broadcastKey("my-key", "s3Krit")).isEqualTo("my-key");
	}

	@Test
	void noneDisablesTheKeyEvenWithASecret() {
		assertThat(AnyCableSecrets.broadcastKey("none", "s3Krit")).isNull();
		assertThat(AnyCableSecrets.broadcastKey(null, "none")).isNull();
	}

	@Test
	void noKeyWithoutSecret() {
		assertThat(AnyCableSecrets.broadcastKey(null, null)).isNull();
		assertThat(AnyCableSecrets.broadcastKey("", " ")).isNull();
	}

	@Test
	void jwtSecretIsTheRawSecretAsAnyCableGoUsesIt() {
		assertThat(AnyCableSecrets.jwtSecret(null, "s3Krit")).isEqualTo("s3Krit");
		assertThat(AnyCableSecrets.jwtSecret("jwt-only", "s3Krit")).isEqualTo("jwt-only");
	}

	@Test
	void noneTurnsJwtIdentificationOff() {
		assertThat(AnyCableSecrets.jwtSecret("none", "s3Krit")).isNull();
		assertThat(AnyCableSecrets.jwtSecret(null, "none")).isNull();
		assertThat(AnyCableSecrets.jwtSecret(" ", null)).isNull();
	}

}
