package io.anycable.spring.broadcast;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.anycable.spring.protocol.JsonStrings;
import io.anycable.spring.support.UrlCredentials;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Posts publications to anycable-go's HTTP broadcast endpoint
 * ({@code --broadcast_adapter=http}), with the broadcast key as a bearer token when there
 * is one. anycable-go answers 201; anything else fails the call. A refused or timed-out
 * connection is retried a few times with exponential backoff (the server may be
 * restarting), within the timeout; a request that reached the server is never repeated.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class HttpBroadcastTransport implements BroadcastTransport {

	/** How many times a publication is tried when the connection fails. */
	static final int MAX_ATTEMPTS = 3;

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	private static final Duration REQUEST_TIMEOUT_SLACK = Duration.ofSeconds(1);

	private static final int BODY_EXCERPT_LENGTH = 200;

	private final URI url;

	private final @Nullable String key;

	private final Duration timeout;

	private final HttpClient client;

	/**
	 * Create a transport.
	 * @param url the broadcast endpoint, e.g. {@code http://localhost:8090/_broadcast}
	 * @param key the broadcast key, or {@code null} when the endpoint is not protected
	 * @param timeout bounds a publication, connecting, each request and the retries
	 * included
	 */
	public HttpBroadcastTransport(URI url, @Nullable String key, Duration timeout) {
		Assert.notNull(url, "URL must not be null");
		Assert.isTrue("http".equals(url.getScheme()) || "https".equals(url.getScheme()),
				() -> "URL must be http or https: " + url);
		Assert.notNull(timeout, "Timeout must not be null");
		this.url = url;
		this.key = key;
		this.timeout = timeout;
		this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
	}

	@Override
	public String name() {
		return "http";
	}

	@Override
	public void publish(String publication) throws IOException, InterruptedException {
		publish(publication, this.timeout);
	}

	/**
	 * Post the publication; attempts, backoff and each request together end within the
	 * limit or the timeout, whichever is shorter.
	 */
	@Override
	public void publish(String publication, Duration timeLimit) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.url)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(publication));
		if (this.key != null) {
			request.header("Authorization", "Bearer " + this.key);
		}
		HttpResponse<String> response = send(request,
				System.nanoTime() + Math.min(timeLimit.toNanos(), this.timeout.toNanos()));
		if (response.statusCode() != 201) {
			throw new IOException("POST " + target() + " answered " + response.statusCode() + explain(response));
		}
	}

	private HttpResponse<String> send(HttpRequest.Builder request, long deadline)
			throws IOException, InterruptedException {
		Duration backoff = FIRST_BACKOFF;
		for (int attempt = 1;; attempt++) {
			Duration left = Duration.ofNanos(deadline - System.nanoTime());
			if (left.isNegative() || left.isZero()) {
				throw new HttpTimeoutException("POST " + target() + " had no time left to try");
			}
			try {
				// the JDK's own timeout only backs up the wait below, which cancels the
				// exchange
				return send(request.timeout(left.plus(REQUEST_TIMEOUT_SLACK)).build(), left);
			}
			catch (ConnectException | HttpConnectTimeoutException ex) {
				boolean noTimeForMore = attempt < MAX_ATTEMPTS && System.nanoTime() + backoff.toNanos() >= deadline;
				if (attempt == MAX_ATTEMPTS || noTimeForMore) {
					ConnectException failure = new ConnectException("Cannot connect to " + target() + " (" + attempt
							+ ((attempt == 1) ? " attempt" : " attempts") + (noTimeForMore ? " in the time left" : "")
							+ ")");
					failure.initCause(ex);
					throw failure;
				}
				Thread.sleep(backoff.toMillis());
				backoff = backoff.multipliedBy(2);
			}
		}
	}

	/**
	 * Send one request and wait at most the timeout, connecting included (the client's
	 * connect timeout is the transport's, which a time limit may undercut).
	 */
	private HttpResponse<String> send(HttpRequest request, Duration timeout) throws IOException, InterruptedException {
		CompletableFuture<HttpResponse<String>> response = this.client.sendAsync(request, BodyHandlers.ofString());
		try {
			return response.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			response.cancel(true);
			throw new HttpTimeoutException("POST " + target() + " got no answer within " + timeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IOException("POST " + target() + " failed: " + ex.getCause(), ex.getCause());
		}
	}

	private static String explain(HttpResponse<String> response) {
		if (response.statusCode() == 401) {
			return ": the broadcast key does not match anycable-go's (anycable.broadcast-key or anycable.secret "
					+ "vs --broadcast_key or --secret)";
		}
		String body = response.body().strip();
		if (body.isEmpty()) {
			return "";
		}
		return ": " + JsonStrings.abbreviate(body, BODY_EXCERPT_LENGTH);
	}

	/**
	 * Return the broadcast endpoint.
	 * @return the URL
	 */
	public URI getUrl() {
		return this.url;
	}

	@Override
	public boolean isConnected() {
		try {
			checkConnection();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Open a TCP connection to the endpoint's host and port, within the timeout; nothing
	 * is posted.
	 * @throws IOException why the endpoint cannot be reached
	 */
	@Override
	public void checkConnection() throws IOException {
		int port = (this.url.getPort() != -1) ? this.url.getPort() : ("https".equals(this.url.getScheme()) ? 443 : 80);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.url.getHost(), port), (int) this.timeout.toMillis());
		}
	}

	/**
	 * Return the endpoint without user info and query.
	 */
	@Override
	public String target() {
		return UrlCredentials.strip(this.url.toString());
	}

	@Override
	public String toString() {
		return "http " + target() + ((this.key != null) ? " (with broadcast key)" : "");
	}

}
