package io.anycable.spring.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.util.Assert;

/**
 * The WebSocket request a test client connects with, as anycable-go would describe it:
 * URL with query parameters, proxied headers, cookies, and the session id.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableTestRequest {

	private final String url;

	private final Map<String, String> headers;

	private final Map<String, String> cookies;

	private final String sid;

	private CableTestRequest(String url, Map<String, String> headers, Map<String, String> cookies, String sid) {
		this.url = url;
		this.headers = headers;
		this.cookies = cookies;
		this.sid = sid;
	}

	/**
	 * Start from {@code http://localhost:8080/cable} with a random session id.
	 * @return the request
	 */
	public static CableTestRequest create() {
		return new CableTestRequest("http://localhost:8080/cable", Map.of("REMOTE_ADDR", "127.0.0.1"), Map.of(),
				UUID.randomUUID().toString());
	}

	/**
	 * Use another URL.
	 * @param url the full URL, e.g. {@code http://example.com/cable?token=x}
	 * @return a new request
	 */
	public CableTestRequest url(String url) {
		Assert.hasText(url, "url must not be empty");
		return new CableTestRequest(url, this.headers, this.cookies, this.sid);
	}

	/**
	 * Add a query parameter (encoded).
	 * @param name the name
	 * @param value the value
	 * @return a new request
	 */
	public CableTestRequest param(String name, String value) {
		String separator = this.url.contains("?") ? "&" : "?";
		return url(this.url + separator + encode(name) + "=" + encode(value));
	}

	/**
	 * Add a header (anycable-go only proxies the headers its {@code --headers} flag
	 * names; lower-cased).
	 * @param name the name
	 * @param value the value
	 * @return a new request
	 */
	public CableTestRequest header(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name.toLowerCase(Locale.ROOT), value);
		return new CableTestRequest(this.url, headers, this.cookies, this.sid);
	}

	/**
	 * Add a cookie (sent in the {@code cookie} header).
	 * @param name the name
	 * @param value the value
	 * @return a new request
	 */
	public CableTestRequest cookie(String name, String value) {
		Map<String, String> cookies = new LinkedHashMap<>(this.cookies);
		cookies.put(name, value);
		return new CableTestRequest(this.url, this.headers, cookies, this.sid);
	}

	/**
	 * Add an AnyCable JWT as the {@code jid} query parameter, as the JS client sends it.
	 * @param token the token, e.g. from {@code CableJwtIssuer}
	 * @return a new request
	 */
	public CableTestRequest jwt(String token) {
		return param("jid", token);
	}

	/**
	 * Add the Spring Session cookie of a session ({@code SESSION}, the Base64 of the id,
	 * as Spring Session's {@code DefaultCookieSerializer} writes it).
	 * @param sessionId the session id
	 * @return a new request
	 * @see SpringSessionLogins
	 */
	public CableTestRequest sessionCookie(String sessionId) {
		return cookie("SESSION", Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Use a given session id.
	 * @param sid the session id
	 * @return a new request
	 */
	public CableTestRequest sid(String sid) {
		return new CableTestRequest(this.url, this.headers, this.cookies, sid);
	}

	String url() {
		return this.url;
	}

	String sid() {
		return this.sid;
	}

	Map<String, String> headers() {
		if (this.cookies.isEmpty()) {
			return this.headers;
		}
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		StringBuilder cookie = new StringBuilder();
		this.cookies.forEach((name,
				value) -> cookie.append((cookie.length() > 0) ? "; " : "").append(name).append('=').append(value));
		headers.put("cookie", cookie.toString());
		return headers;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return this.url;
	}

}
