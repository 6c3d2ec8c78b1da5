package io.anycable.spring.connection;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CableRequestTests {

	@Test
	void parsesQueryParametersDecoded() {
		CableRequest request = CableRequest.of("http://example.com/cable?user=jane%20doe&tag=a&tag=b&flag", Map.of());
		assertThat(request.param("user")).hasValue("jane doe");
		assertThat(request.paramValues("tag")).containsExactly("a", "b");
		assertThat(request.param("flag")).hasValue("");
		assertThat(request.param("missing")).isEmpty();
	}

	@Test
	void parsesCookiesKeepingPlusSignsOfBase64Values() {
		CableRequest request = CableRequest.of("http://x/cable",
				Map.of("Cookie", "username=john green; session=ab+c/d==; quoted=\"v\"; enc=%C3%A9"));
		assertThat(request.cookie("username")).hasValue("john green");
		assertThat(request.cookie("session")).hasValue("ab+c/d==");
		assertThat(request.cookie("quoted")).hasValue("v");
		assertThat(request.cookie("enc")).hasValue("é");
	}

	@Test
	void headersAreCaseInsensitiveAndRemoteAddressKeepsItsName() {
		CableRequest request = CableRequest.of("http://x/cable",
				Map.of("X-Api-Token", "abc", "REMOTE_ADDR", "10.0.0.1"));
		assertThat(request.header("x-api-token")).hasValue("abc");
		assertThat(request.header("X-API-TOKEN")).hasValue("abc");
		assertThat(request.remoteAddress()).hasValue("10.0.0.1");
		assertThat(request.headers()).containsKeys("x-api-token", "REMOTE_ADDR");
	}

	@Test
	void toleratesAnUnparsableUrl() {
		CableRequest request = CableRequest.of("http://x/cable?a=1&b=%zz|", Map.of());
		assertThat(request.param("a")).hasValue("1");
		assertThat(request.param("b")).hasValue("%zz|");
		assertThat(CableRequest.of(null, null).url()).isEmpty();
	}

}
