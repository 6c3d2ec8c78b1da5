package io.anycable.spring.embedded.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class LoggingOriginInterceptorTests {

	private final AtomicLong nanoTime = new AtomicLong();

	private final LoggingOriginInterceptor interceptor = new LoggingOriginInterceptor(
			List.of("https://*.trusted.example"), this.nanoTime::get);

	@Test
	void refusalGets403AndOneWarningWithTheOriginsAndTheProperty(CapturedOutput output) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThat(handshake("https://evil.example", response)).isFalse();
		assertThat(response.getStatus()).isEqualTo(HttpStatus.FORBIDDEN.value());
		assertThat(refusals(output)).singleElement()
			.asString()
			.contains("WARN", "from origin https://evil.example", "application's origin (http://10.0.0.5:8080)",
					"anycable.embedded.allowed-origins", "server.forward-headers-strategy")
			.doesNotContain("more left out");
		assertThat(output).doesNotContain("\tat ");
	}

	@Test
	void sameOriginListedPatternsAndRequestsWithoutOriginPassSilently(CapturedOutput output) throws Exception {
		assertThat(handshake("http://10.0.0.5:8080", new MockHttpServletResponse())).isTrue();
		assertThat(handshake("https://chat.trusted.example", new MockHttpServletResponse())).isTrue();
		assertThat(handshake(null, new MockHttpServletResponse())).isTrue();
		assertThat(refusals(output)).isEmpty();
	}

	@Test
	void atMostTenLinesAMinuteAndTheNextCountsTheRefusalsLeftOut(CapturedOutput output) throws Exception {
		for (int i = 0; i < 25; i++) {
			assertThat(handshake("https://evil-" + i + ".example", new MockHttpServletResponse())).isFalse();
		}
		assertThat(refusals(output)).hasSize(LoggingOriginInterceptor.LINES_PER_MINUTE);
		this.nanoTime.addAndGet(Duration.ofSeconds(59).toNanos());
		handshake("https://evil.example", new MockHttpServletResponse());
		assertThat(refusals(output)).hasSize(LoggingOriginInterceptor.LINES_PER_MINUTE);
		this.nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());
		handshake("https://evil.example", new MockHttpServletResponse());
		handshake("https://evil.example", new MockHttpServletResponse());
		List<String> lines = refusals(output);
		assertThat(lines).hasSize(LoggingOriginInterceptor.LINES_PER_MINUTE + 2);
		assertThat(lines.get(LoggingOriginInterceptor.LINES_PER_MINUTE))
			.endsWith("[16 more left out since the previous line]");
		assertThat(lines.get(LoggingOriginInterceptor.LINES_PER_MINUTE + 1)).doesNotContain("more left out");
	}

	// a handshake to http://10.0.0.5:8080/cable
	private boolean handshake(String origin, MockHttpServletResponse response) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/cable");
		request.setServerName("10.0.0.5");
		request.setServerPort(8080);
		if (origin != null) {
			request.addHeader(HttpHeaders.ORIGIN, origin);
		}
		ServletServerHttpResponse serverResponse = new ServletServerHttpResponse(response);
		boolean proceed = this.interceptor.beforeHandshake(new ServletServerHttpRequest(request), serverResponse,
				new TextWebSocketHandler(), new HashMap<>());
		serverResponse.flush();
		return proceed;
	}

	private static List<String> refusals(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains("Refused a WebSocket connection")).toList();
	}

}
