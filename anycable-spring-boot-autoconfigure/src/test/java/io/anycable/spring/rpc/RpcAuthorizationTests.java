package io.anycable.spring.rpc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RpcAuthorizationTests {

	@Test
	void bearerWithTheKeyIsAuthorized() {
		assertThat(RpcAuthorization.isAuthorized("Bearer rpc_secret", "rpc_secret")).isTrue();
		assertThat(RpcAuthorization.isAuthorized("bearer rpc_secret", "rpc_secret")).isTrue();
	}

	@Test
	void anythingElseIsNot() {
		assertThat(RpcAuthorization.isAuthorized(null, "rpc_secret")).isFalse();
		assertThat(RpcAuthorization.isAuthorized("", "rpc_secret")).isFalse();
		assertThat(RpcAuthorization.isAuthorized("Bearer ", "rpc_secret")).isFalse();
		assertThat(RpcAuthorization.isAuthorized("Bearer rpc_secre", "rpc_secret")).isFalse();
		assertThat(RpcAuthorization.isAuthorized("Bearer rpc_secret2", "rpc_secret")).isFalse();
		assertThat(RpcAuthorization.isAuthorized("Basic rpc_secret", "rpc_secret")).isFalse();
		assertThat(RpcAuthorization.isAuthorized("rpc_secret", "rpc_secret")).isFalse();
	}

	@Test
	void secretsAreComparedByContentIncludingNonAscii() {
		assertThat(RpcAuthorization.secretsEqual("s3Krit-é", new String("s3Krit-é"))).isTrue();
		assertThat(RpcAuthorization.secretsEqual("s3Krit-é", "s3Krit-e")).isFalse();
		assertThat(RpcAuthorization.secretsEqual("s3Krit", null)).isFalse();
	}

}
