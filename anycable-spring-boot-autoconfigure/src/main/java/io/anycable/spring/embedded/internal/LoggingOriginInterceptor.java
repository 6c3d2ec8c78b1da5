package io.anycable.spring.embedded.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.LongSupplier;

import io.anycable.spring.support.RateLimitedLog;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * Spring's {@link OriginHandshakeInterceptor} (the same origin, the allowed patterns and
 * requests without an {@code Origin} header pass; others get 403 before the upgrade) that
 * also says so at WARN: Spring only logs refusals at DEBUG, and a legitimate page on an
 * origin nobody listed would otherwise fail without a word. At most 10 lines a minute, so
 * a hostile page cannot flood the log; the next line counts the refusals left out.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class LoggingOriginInterceptor extends OriginHandshakeInterceptor {

	static final int LINES_PER_MINUTE = 10;

	private final RateLimitedLog refusals;

	/**
	 * Create an interceptor.
	 * @param allowedOriginPatterns the origins accepted besides the request's own, as
	 * patterns ({@code "*"} for any, {@code "https://*.example.com"})
	 */
	public LoggingOriginInterceptor(Collection<String> allowedOriginPatterns) {
		this(allowedOriginPatterns, System::nanoTime);
	}

	LoggingOriginInterceptor(Collection<String> allowedOriginPatterns, LongSupplier nanoTime) {
		setAllowedOriginPatterns(allowedOriginPatterns);
		// the inherited logger, named for this class
		this.refusals = new RateLimitedLog(this.logger, LINES_PER_MINUTE, Duration.ofMinutes(1), nanoTime);
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws Exception {
		if (super.beforeHandshake(request, response, wsHandler, attributes)) {
			return true;
		}
		URI uri = request.getURI();
		this.refusals.warn("Refused a WebSocket connection to " + uri.getRawPath() + " from origin "
				+ request.getHeaders().getOrigin() + ": it is not this application's origin (" + uri.getScheme() + "://"
				+ uri.getRawAuthority()
				+ ") nor in anycable.embedded.allowed-origins; add it there to accept it (behind a proxy, set"
				+ " server.forward-headers-strategy)");
		return false;
	}

}
