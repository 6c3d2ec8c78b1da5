package io.anycable.spring.connection;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;

/**
 * The client's original WebSocket request as anycable-go describes it on every RPC call:
 * its URL and the headers anycable-go was told to proxy ({@code --headers},
 * {@code cookie} by default, always {@code REMOTE_ADDR}). Query parameters and cookies
 * are parsed on first use.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableRequest {

	/** Header under which anycable-go sends the client's IP address. */
	public static final String REMOTE_ADDR = "REMOTE_ADDR";

	private final String url;

	private final Map<String, String> headers;

	private @Nullable MultiValueMap<String, String> params;

	private @Nullable Map<String, String> cookies;

	private CableRequest(@Nullable String url, Map<String, String> headers) {
		this.url = (url != null) ? url : "";
		Map<String, String> lowerCased = new LinkedHashMap<>(headers.size());
		headers.forEach((name, value) -> lowerCased.put(REMOTE_ADDR.equals(name) ? name : name.toLowerCase(Locale.ROOT),
				value));
		this.headers = Collections.unmodifiableMap(lowerCased);
	}

	/**
	 * Create a request view.
	 * @param url the full request URL, e.g. {@code http://example.com/cable?token=x}
	 * @param headers the proxied headers
	 * @return the request
	 */
	public static CableRequest of(@Nullable String url, @Nullable Map<String, String> headers) {
		return new CableRequest(url, (headers != null) ? headers : Map.of());
	}

	/**
	 * Return the full request URL (scheme {@code http}/{@code https}, as anycable-go
	 * rebuilds it).
	 * @return the URL, empty when unknown
	 */
	public String url() {
		return this.url;
	}

	/**
	 * Return the proxied headers, names lower-cased (except {@value #REMOTE_ADDR}).
	 * @return the headers
	 */
	public Map<String, String> headers() {
		return this.headers;
	}

	/**
	 * Return one header, looked up case-insensitively.
	 * @param name the header name
	 * @return the value, or empty when absent
	 */
	public Optional<String> header(String name) {
		String value = this.headers.get(REMOTE_ADDR.equals(name) ? name : name.toLowerCase(Locale.ROOT));
		return Optional.ofNullable(value);
	}

	/**
	 * Return the client's address as seen by anycable-go.
	 * @return the address, or empty when not sent
	 */
	public Optional<String> remoteAddress() {
		return header(REMOTE_ADDR);
	}

	/**
	 * Return the URL's query parameters, decoded.
	 * @return the parameters
	 */
	public MultiValueMap<String, String> params() {
		if (this.params == null) {
			this.params = parseQuery(this.url);
		}
		return this.params;
	}

	/**
	 * Return the first value of a query parameter.
	 * @param name the parameter name
	 * @return the value, or empty when absent
	 */
	public Optional<String> param(String name) {
		return Optional.ofNullable(params().getFirst(name));
	}

	/**
	 * Return the cookies of the {@code cookie} header (anycable-go proxies it by
	 * default).
	 * @return the cookies by name
	 */
	public Map<String, String> cookies() {
		if (this.cookies == null) {
			this.cookies = parseCookies(this.headers.get("cookie"));
		}
		return this.cookies;
	}

	/**
	 * Return one cookie.
	 * @param name the cookie name
	 * @return the value, or empty when absent
	 */
	public Optional<String> cookie(String name) {
		return Optional.ofNullable(cookies().get(name));
	}

	private static MultiValueMap<String, String> parseQuery(String url) {
		LinkedMultiValueMap<String, String> result = new LinkedMultiValueMap<>();
		String query;
		try {
			query = URI.create(url).getRawQuery();
		}
		catch (IllegalArgumentException ex) {
			int index = url.indexOf('?');
			query = (index >= 0) ? url.substring(index + 1) : null;
		}
		if (!StringUtils.hasLength(query)) {
			return result;
		}
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode((eq >= 0) ? pair.substring(0, eq) : pair);
			String value = (eq >= 0) ? decode(pair.substring(eq + 1)) : "";
			result.add(name, value);
		}
		return result;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	// cookies are percent-encoded; unlike form data a '+' stays a '+' (Base64 session
	// values keep it)
	private static String percentDecode(String value) {
		try {
			return StringUtils.uriDecode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	private static Map<String, String> parseCookies(@Nullable String header) {
		if (!StringUtils.hasText(header)) {
			return Map.of();
		}
		Map<String, String> result = new LinkedHashMap<>();
		for (String part : header.split(";")) {
			int eq = part.indexOf('=');
			if (eq <= 0) {
				continue;
			}
			String name = part.substring(0, eq).trim();
			String value = part.substring(eq + 1).trim();
			if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
				value = value.substring(1, value.length() - 1);
			}
			result.putIfAbsent(name, percentDecode(value));
		}
		return Collections.unmodifiableMap(result);
	}

	@Override
	public String toString() {
		return "CableRequest[" + this.url + "]";
	}

	/**
	 * Return all values of a query parameter.
	 * @param name the parameter name
	 * @return the values, empty when absent
	 */
	public List<String> paramValues(String name) {
		List<String> values = params().get(name);
		return (values != null) ? Collections.unmodifiableList(values) : List.of();
	}

}
