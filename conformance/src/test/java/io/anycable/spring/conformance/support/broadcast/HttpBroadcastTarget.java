package io.anycable.spring.conformance.support.broadcast;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.anycable.spring.conformance.support.AnyCableGoServer;

/**
 * anycable-go's HTTP broadcaster driven by the test itself ({@code POST /_broadcast} on
 * its broadcast port, 201 expected): the baseline that does not depend on the starter's
 * broadcaster.
 */
public final class HttpBroadcastTarget implements ConformanceBroadcastTarget {

	/** The transport without a broadcast key. */
	public static final HttpBroadcastTarget INSTANCE = new HttpBroadcastTarget();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Override
	public String name() {
		return "http (test-side POST)";
	}

	@Override
	public List<String> anycableGoFlags() {
		return List.of("--broadcast_adapter=http");
	}

	/**
	 * Create a publisher for a running anycable-go (this transport needs no application).
	 * @param server the anycable-go
	 * @return the publisher
	 */
	public BroadcastPublisher publisher(AnyCableGoServer server) {
		return publisher(server, null);
	}

	@Override
	public BroadcastPublisher publisher(AnyCableGoServer server,
			org.springframework.context.ConfigurableApplicationContext context) {
		URI uri = server.httpBroadcastUri();
		return new BroadcastPublisher() {

			@Override
			public String transport() {
				return name();
			}

			@Override
			public void publish(String publicationJson) {
				HttpResponse<String> response = post(uri, publicationJson, null);
				if (response.statusCode() != 201) {
					throw new AssertionError("POST " + uri + " answered " + response.statusCode() + " "
							+ response.body() + " for " + publicationJson);
				}
			}

		};
	}

	/**
	 * POST a body to a broadcast endpoint.
	 * @param uri the endpoint
	 * @param body the JSON body
	 * @param bearer the broadcast key, or {@code null} for no {@code Authorization}
	 * header
	 * @return the response
	 */
	public static HttpResponse<String> post(URI uri, String body, String bearer) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AssertionError("POST " + uri + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted", ex);
		}
	}

}
