package io.anycable.spring.conformance.lowlevel;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.anycable.spring.connection.CableSocket;
import io.anycable.spring.connection.ConnectionOptions;
import io.anycable.spring.connection.SocketConnection;
import io.anycable.spring.connection.SocketConnectionFactory;
import io.anycable.spring.protocol.CableFrames;
import io.anycable.spring.testsupport.Json;
import io.grpc.Context;

import org.springframework.stereotype.Component;

/**
 * A {@link SocketConnectionFactory} whose behaviour the client picks with the
 * {@code scenario} query parameter of its WebSocket URL (anycable-go passes the URL on
 * every call):
 * <ul>
 * <li>{@code welcome} (default): accept, identifiers {@code {"uid":<uid param, or
 * "anonymous">}}</li>
 * <li>{@code reject}: reject (the handler answers FAILURE with the unauthorized
 * frame)</li>
 * <li>{@code error}: throw (ERROR)</li>
 * <li>{@code request_url}: accept only if {@code test=request_url} and the URL is http on
 * 127.0.0.1</li>
 * <li>{@code cookie}: accept only with the cookie {@code username=john green}</li>
 * <li>{@code header}: accept only with the header {@code x-api-token: abc}</li>
 * <li>{@code cstate}: accept and store connection state {@code k=v}</li>
 * <li>{@code slow}: sleep {@code ms} milliseconds, remember whether gRPC cancelled the
 * call, accept</li>
 * </ul>
 * Channel {@code StateProbe}: subscribing and the actions {@code probe}, {@code set}
 * ({@code key}, {@code value}) and {@code drop} ({@code key}) transmit
 * {@code {"cstate":{...}}} after applying the change. Other channels are rejected.
 */
@Component
public class ScriptedConnectionFactory implements SocketConnectionFactory {

	/**
	 * Whether the gRPC context of a slow Connect was cancelled by the time it woke up, by
	 * sid.
	 */
	public static final Map<String, Boolean> slowCallCancelled = new ConcurrentHashMap<>();

	@Override
	public SocketConnection create(CableSocket socket, ConnectionOptions options) {
		return new ScriptedConnection(socket, options);
	}

	private static final class ScriptedConnection implements SocketConnection {

		private final CableSocket socket;

		private String identifiers;

		ScriptedConnection(CableSocket socket, ConnectionOptions options) {
			this.socket = socket;
			this.identifiers = options.identifiers();
		}

		@Override
		public void handleOpen() {
			var request = this.socket.request();
			String scenario = request.param("scenario").orElse("welcome");
			boolean accept = switch (scenario) {
				case "welcome", "cstate", "slow" -> true;
				case "reject" -> false;
				case "error" -> throw new IllegalStateException("Connect failed on purpose (scenario=error)");
				case "request_url" -> {
					URI url = URI.create(request.url());
					yield "request_url".equals(request.param("test").orElse(null)) && "http".equals(url.getScheme())
							&& "127.0.0.1".equals(url.getHost()) && "/cable".equals(url.getPath());
				}
				case "cookie" -> "john green".equals(request.cookie("username").orElse(null));
				case "header" -> "abc".equals(request.header("x-api-token").orElse(null));
				default -> throw new IllegalArgumentException("Unknown scenario " + scenario);
			};
			if ("cstate".equals(scenario)) {
				this.socket.connectionState().put("k", "v");
			}
			if ("slow".equals(scenario)) {
				sleep(Long.parseLong(request.param("ms").orElse("3500")));
				slowCallCancelled.put(this.socket.sid(), Context.current().isCancelled());
			}
			if (!accept) {
				this.socket.close();
				return;
			}
			this.identifiers = Json.write(Map.of("uid", request.param("uid").orElse("anonymous")));
		}

		@Override
		public void handleClose() {
			// the RpcRecorder sees the Disconnect call; nothing to clean up
		}

		@Override
		public boolean handleChannelCommand(String identifier, String command, String data) {
			String channel = Json.parse(identifier).path("channel").asText("");
			if (!"StateProbe".equals(channel)) {
				return false;
			}
			var cstate = this.socket.connectionState();
			if ("message".equals(command)) {
				JsonNode payload = Json.parse(data);
				switch (payload.path("action").asText("")) {
					case "probe" -> {
					}
					case "set" -> cstate.put(payload.path("key").asText(), payload.path("value").asText());
					case "drop" -> cstate.remove(payload.path("key").asText());
					default -> throw new IllegalArgumentException("Unknown action in " + data);
				}
			}
			if (!"unsubscribe".equals(command)) {
				this.socket.transmit(CableFrames.message(identifier, Json.write(Map.of("cstate", cstate.asMap()))));
			}
			return true;
		}

		@Override
		public String identifiersJson() {
			return this.identifiers;
		}

		private static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
