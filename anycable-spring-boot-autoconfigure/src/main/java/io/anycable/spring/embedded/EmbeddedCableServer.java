package io.anycable.spring.embedded;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.protocol.CableFrames;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.support.CableJson;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;

/**
 * A single-node, in-process stand-in for anycable-go: it keeps the sessions of the
 * embedded WebSocket endpoint, answers their commands with the {@link AnyCableRpcHandler}
 * (no gRPC hop) and fans broadcasts out in memory. Several application instances do not
 * see each other's clients: run anycable-go with Redis or NATS for that.
 * <p>
 * On shutdown every client gets
 * {@code {"type":"disconnect","reason":"server_restart","reconnect":true}} and close
 * 1001, and the application its Disconnect call, as with anycable-go.
 *
 * @author AnyCable Spring Boot contributors
 */
public class EmbeddedCableServer implements SmartLifecycle, DisposableBean {

	/** The WebSocket sub-protocol prefix of a token (anycable-go 1.6, AnyCable JS). */
	public static final String TOKEN_SUB_PROTOCOL_PREFIX = "anycable-token.";

	/** Request header whose value becomes the session id, as with anycable-go. */
	public static final String REQUEST_ID_HEADER = "X-Request-ID";

	private static final String SID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

	private static final int SID_LENGTH = 21;

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(EmbeddedCableServer.class);

	private final SecureRandom random = new SecureRandom();

	private final AnyCableRpcHandler rpc;

	private final CableJson json;

	private final StreamRegistry streams;

	private final Map<String, EmbeddedSession> sessions = new ConcurrentHashMap<>();

	private final Map<String, Set<EmbeddedSession>> sessionsByIdentifiers = new ConcurrentHashMap<>();

	private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads("anycable-embedded-"));

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
			daemonThreads("anycable-embedded-ping-"));

	private Duration pingInterval = Duration.ofSeconds(3);

	private List<String> headers = List.of("cookie");

	private @Nullable String tokenHeader;

	private long sendBufferSizeLimit = 1024 * 1024;

	private Duration sendTimeLimit = Duration.ofSeconds(5);

	private int maxMessageSize = 64 * 1024;

	private volatile boolean running;

	/**
	 * Create a server.
	 * @param rpc the handler that answers Connect, Command and Disconnect
	 * @param json the application's JSON support
	 */
	public EmbeddedCableServer(AnyCableRpcHandler rpc, CableJson json) {
		Assert.notNull(rpc, "AnyCableRpcHandler must not be null");
		Assert.notNull(json, "CableJson must not be null");
		this.rpc = rpc;
		this.json = json;
		this.streams = new StreamRegistry(json);
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Set the default interval between pings (a client may ask for another with
	 * {@code ?pi=<seconds>}).
	 * @param pingInterval the interval
	 */
	public void setPingInterval(Duration pingInterval) {
		Assert.isTrue(pingInterval != null && !pingInterval.isNegative() && !pingInterval.isZero(),
				"Ping interval must be positive");
		this.pingInterval = pingInterval;
	}

	/**
	 * Set the request headers passed to the application (anycable-go's
	 * {@code --headers}); {@code REMOTE_ADDR} is always passed.
	 * @param headers the header names
	 */
	public void setHeaders(List<String> headers) {
		Assert.notNull(headers, "Headers must not be null");
		this.headers = headers.stream().map((name) -> name.trim().toLowerCase(Locale.ROOT)).toList();
	}

	/**
	 * Set the header that carries an AnyCable JWT ({@code x-jid}), passed to the
	 * application like anycable-go 1.6 passes it: from the request header, else from an
	 * {@code anycable-token.<jwt>} WebSocket sub-protocol, for browsers, which cannot set
	 * headers on a WebSocket.
	 * @param tokenHeader the header name, {@code null} for none
	 */
	public void setTokenHeader(@Nullable String tokenHeader) {
		this.tokenHeader = (tokenHeader != null) ? tokenHeader.trim().toLowerCase(Locale.ROOT) : null;
	}

	/**
	 * Set how much may wait to be written to one client before it is closed as too slow.
	 * @param sendBufferSizeLimit the limit in characters
	 */
	public void setSendBufferSizeLimit(long sendBufferSizeLimit) {
		this.sendBufferSizeLimit = sendBufferSizeLimit;
	}

	/**
	 * Set how long one write to a client may take before the client is closed as too
	 * slow.
	 * @param sendTimeLimit the limit
	 */
	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	/**
	 * Set the largest message a client may send.
	 * @param maxMessageSize the size in bytes
	 */
	public void setMaxMessageSize(int maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Deliver data to every subscription of a stream.
	 * @param stream the stream
	 * @param data JSON text, delivered decoded (other text is delivered as a string)
	 * @param excludeSid the session id not to deliver to (a broadcast's
	 * {@code exclude_socket}), or {@code null}
	 */
	public void broadcast(String stream, String data, @Nullable String excludeSid) {
		Assert.hasLength(stream, "Stream must not be empty");
		Assert.notNull(data, "Data must not be null");
		this.streams.broadcast(stream, data, excludeSid);
	}

	/**
	 * Disconnect every session whose identifiers are exactly the given string: they
	 * receive {@code {"type":"disconnect","reason":"remote","reconnect":…}} and are
	 * closed with 1000.
	 * @param identifiers the connection identifiers, as the connection factory produced
	 * them
	 * @param reconnect whether the clients should reconnect
	 */
	public void disconnect(String identifiers, boolean reconnect) {
		Set<EmbeddedSession> matching = this.sessionsByIdentifiers.get(identifiers);
		if (matching != null) {
			String frame = CableFrames.disconnect("remote", reconnect);
			matching.forEach((session) -> session.disconnect(frame, EmbeddedSession.CLOSED_REMOTELY));
		}
	}

	/**
	 * Return the number of open sessions.
	 * @return the number of sessions
	 */
	public int getSessionCount() {
		return this.sessions.size();
	}

	void open(WebSocketSession socket) {
		socket.setTextMessageSizeLimit(this.maxMessageSize);
		SessionOutbox outbox = new SessionOutbox(socket, this.executor, this.sendBufferSizeLimit,
				this.sendTimeLimit.toNanos(), () -> closed(socket));
		String requestId = socket.getHandshakeHeaders().getFirst(REQUEST_ID_HEADER);
		String sid = StringUtils.hasText(requestId) ? requestId : generateSid();
		EmbeddedSession session = new EmbeddedSession(this.rpc, this.json, this.streams, sid, url(socket.getUri()),
				headers(socket), outbox);
		this.sessions.put(socket.getId(), session);
		if (session.connect(() -> this.sessionsByIdentifiers
			.computeIfAbsent(session.identifiers(), (key) -> ConcurrentHashMap.newKeySet())
			.add(session))) {
			Duration interval = pingInterval(socket.getUri());
			session.startPings(this.scheduler, interval,
					() -> session.ping(TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis())));
		}
	}

	void handle(WebSocketSession socket, String text) {
		EmbeddedSession session = this.sessions.get(socket.getId());
		if (session != null) {
			session.handle(text);
		}
	}

	void closed(WebSocketSession socket) {
		EmbeddedSession session = this.sessions.remove(socket.getId());
		if (session == null) {
			return;
		}
		DisconnectRequest request = forget(session);
		if (request != null) {
			// anycable-go queues Disconnect calls: a closing client never waits for the
			// application
			try {
				this.executor.execute(() -> disconnect(session, request));
			}
			catch (RejectedExecutionException ex) {
				disconnect(session, request);
			}
		}
	}

	private @Nullable DisconnectRequest forget(EmbeddedSession session) {
		DisconnectRequest request = session.closed();
		if (session.identifiers() != null) {
			this.sessionsByIdentifiers.computeIfPresent(session.identifiers(), (key, matching) -> {
				matching.remove(session);
				return matching.isEmpty() ? null : matching;
			});
		}
		return request;
	}

	private void disconnect(EmbeddedSession session, DisconnectRequest request) {
		DisconnectResponse response = this.rpc.disconnect(request, session.metadata());
		if (response.getStatus() != Status.SUCCESS) {
			logger.warn("Disconnect of " + session.sid() + " failed: " + response.getErrorMsg());
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		String frame = CableFrames.disconnect("server_restart", true);
		for (EmbeddedSession session : this.sessions.values()) {
			session.disconnect(frame, EmbeddedSession.SERVER_RESTART);
			DisconnectRequest request = forget(session);
			if (request != null) {
				disconnect(session, request);
			}
		}
		this.scheduler.shutdownNow();
		this.executor.shutdown();
		try {
			// let the goodbye frames reach the clients before the web server goes away
			this.executor.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		this.executor.shutdownNow();
	}

	private Map<String, String> headers(WebSocketSession socket) {
		Map<String, String> result = new LinkedHashMap<>();
		for (String name : this.headers) {
			String value = socket.getHandshakeHeaders().getFirst(name);
			if (StringUtils.hasLength(value)) {
				result.put(name, value);
			}
		}
		if (this.tokenHeader != null) {
			String token = socket.getHandshakeHeaders().getFirst(this.tokenHeader);
			if (!StringUtils.hasLength(token)) {
				token = tokenOfSubProtocols(
						socket.getHandshakeHeaders().get(WebSocketHttpHeaders.SEC_WEBSOCKET_PROTOCOL));
			}
			if (StringUtils.hasLength(token)) {
				result.put(this.tokenHeader, token);
			}
		}
		InetSocketAddress remote = socket.getRemoteAddress();
		if (remote != null) {
			result.put("REMOTE_ADDR",
					(remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString());
		}
		return result;
	}

	private static @Nullable String tokenOfSubProtocols(@Nullable List<String> headerValues) {
		if (headerValues == null) {
			return null;
		}
		for (String value : headerValues) {
			for (String protocol : value.split(",")) {
				String trimmed = protocol.trim();
				if (trimmed.startsWith(TOKEN_SUB_PROTOCOL_PREFIX)
						&& trimmed.length() > TOKEN_SUB_PROTOCOL_PREFIX.length()) {
					return trimmed.substring(TOKEN_SUB_PROTOCOL_PREFIX.length());
				}
			}
		}
		return null;
	}

	// anycable-go rebuilds the URL from the HTTP request: the scheme is http or https
	private static String url(@Nullable URI uri) {
		if (uri == null) {
			return "";
		}
		String text = uri.toString();
		if (text.startsWith("ws:")) {
			return "http:" + text.substring(3);
		}
		if (text.startsWith("wss:")) {
			return "https:" + text.substring(4);
		}
		return text;
	}

	private Duration pingInterval(@Nullable URI uri) {
		String requested = (uri != null) ? CableRequest.of(uri.toString(), Map.of()).param("pi").orElse(null) : null;
		if (requested != null) {
			try {
				int seconds = Integer.parseInt(requested);
				if (seconds > 0) {
					return Duration.ofSeconds(seconds);
				}
			}
			catch (NumberFormatException ex) {
				// anycable-go ignores an unreadable interval too
			}
		}
		return this.pingInterval;
	}

	private String generateSid() {
		char[] sid = new char[SID_LENGTH];
		for (int i = 0; i < sid.length; i++) {
			sid[i] = SID_ALPHABET.charAt(this.random.nextInt(SID_ALPHABET.length()));
		}
		return new String(sid);
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

}
