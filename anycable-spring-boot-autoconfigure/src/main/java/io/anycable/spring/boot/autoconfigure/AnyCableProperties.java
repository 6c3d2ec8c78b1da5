package io.anycable.spring.boot.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of AnyCable's application side. Keys mirror the Ruby gem's names in kebab
 * case, and relaxed binding accepts the Ruby spelling too: {@code rpc_host} in YAML,
 * {@code ANYCABLE_RPC_HOST} in the environment.
 *
 * @author AnyCable Spring Boot contributors
 */
@ConfigurationProperties("anycable")
public class AnyCableProperties {

	/**
	 * Whether to enable AnyCable (RPC server, channels and broadcasting).
	 */
	private boolean enabled = true;

	/**
	 * Address the gRPC RPC server listens on, as "host:port": an IP address
	 * ("[::1]:50051" for IPv6), a host name resolved at startup ("localhost" is
	 * loopback), or "0.0.0.0:50051" for every interface. Drives grpc.server.address and
	 * grpc.server.port unless those are set. anycable-go connects to it with --rpc_host.
	 */
	private String rpcHost = "127.0.0.1:50051";

	/**
	 * Application secret shared with anycable-go (--secret); keys that are not set
	 * explicitly, like the broadcast key, are derived from it. Never logged.
	 */
	private @Nullable String secret;

	/**
	 * Secret of AnyCable JWTs (--jwt_secret): the raw secret when not set, as anycable-go
	 * uses it; "none" disables JWT identification. Never logged.
	 */
	private @Nullable String jwtSecret;

	/**
	 * How long an issued AnyCable JWT stays valid (whole seconds).
	 */
	private Duration jwtTtl = Duration.ofHours(1);

	/**
	 * Query parameter that carries an AnyCable JWT (--jwt_param); the header is "x-"
	 * followed by it.
	 */
	private String jwtParam = "jid";

	/**
	 * Whether a client without a JWT is refused (--enforce_jwt) instead of going to the
	 * connection factory.
	 */
	private boolean enforceJwt;

	/**
	 * How broadcasts reach anycable-go; must match its --broadcast_adapter.
	 */
	private BroadcastAdapter broadcastAdapter = BroadcastAdapter.REDIS;

	/**
	 * Whether broadcasts made inside a transaction are held until it commits (and dropped
	 * on rollback).
	 */
	private boolean broadcastAfterCommit = true;

	/**
	 * Key that authenticates HTTP broadcasts (--broadcast_key). Derived from the secret
	 * when not set; "none" disables it. Never logged.
	 */
	private @Nullable String broadcastKey;

	/**
	 * Redis server of the redis and redisx adapters (--redis_url); "rediss://" for TLS,
	 * "redis-sentinel://host:26379#master" for Sentinel. Credentials in the URL are never
	 * logged.
	 */
	private String redisUrl = "redis://localhost:6379";

	/**
	 * Redis Pub/Sub channel of the redis adapter (--redis_channel).
	 */
	private String redisChannel = "__anycable__";

	/**
	 * Redis stream of the redisx adapter (--redisx_stream).
	 */
	private String redisxStream = "__anycable__";

	/**
	 * Maximum time a Redis broadcast may take, connecting included; overrides a timeout
	 * in the URL.
	 */
	private Duration redisTimeout = Duration.ofSeconds(2);

	/**
	 * NATS servers of the nats adapter (--nats_servers).
	 */
	private List<String> natsServers = new ArrayList<>(List.of("nats://127.0.0.1:4222"));

	/**
	 * NATS subject of the nats adapter (--nats_channel).
	 */
	private String natsChannel = "__anycable__";

	/**
	 * Maximum time a NATS broadcast may take, and the connect timeout.
	 */
	private Duration natsTimeout = Duration.ofSeconds(2);

	/**
	 * Broadcast endpoint of the http adapter. Defaults to
	 * "http://localhost:8080/_broadcast" when a broadcast key is known (anycable-go then
	 * serves it on its main port), else "http://localhost:8090/_broadcast"
	 * (--http_broadcast_port).
	 */
	private @Nullable URI httpBroadcastUrl;

	/**
	 * How long an HTTP broadcast may take, connecting, the request and up to 3 attempts
	 * on a refused connection included; during an RPC call, at most the time the call has
	 * left.
	 */
	private Duration httpBroadcastTimeout = Duration.ofSeconds(2);

	/**
	 * Number of RPC calls handled at once. anycable-go sends at most --rpc_concurrency
	 * calls at a time (28 by default), so the default leaves room for one anycable-go;
	 * raise both together.
	 */
	private int rpcPoolSize = 30;

	/**
	 * Number of RPC calls that may wait for a free worker. A call arriving when every
	 * worker is busy and the queue is full is refused with RESOURCE_EXHAUSTED before any
	 * work is done, and anycable-go retries it. Ruby's rpc_max_waiting_requests.
	 */
	private int rpcQueueSize = 20;

	/**
	 * Whether RPC workers are virtual threads, on Java 21 and later (platform threads
	 * otherwise). The pool size still bounds how many calls run at once.
	 */
	private boolean rpcVirtualThreads;

	/**
	 * Whether RPC calls run on the gRPC transport thread that received them instead of
	 * the worker pool, like grpc-java's directExecutor: no thread hop, about 40% less CPU
	 * per call. Only for applications whose connection factory and channels never block
	 * (no database or remote call; broadcastAsync instead of broadcast), since a blocked
	 * call holds every call of its anycable-go connection. rpc-pool-size and
	 * rpc-queue-size are then unused and no call is refused.
	 */
	private boolean rpcDirectExecutor;

	/**
	 * Whether a subscribe that fails (an exception no @ChannelExceptionHandler handled,
	 * an unknown channel, a parameter that does not bind) is answered as a rejection the
	 * client sees (reject_subscription), and a failing unsubscribe still unsubscribes.
	 * When false both are answered ERROR, as the Ruby implementation does: anycable-go
	 * then sends the subscriber nothing, keeps the subscription that failed to end, and
	 * (1.5) blocks the session's later commands. The failure is logged either way.
	 */
	private boolean rejectFailedSubscriptions = true;

	// the limits are literals, not the constants of RpcRequestLimits and
	// AnyCableGrpcService: the configuration
	// processor only reads literals into the metadata an IDE shows
	// (AnyCableConfigurationMetadataTests keeps
	// both in step)

	/**
	 * How deeply the JSON of identifiers, message data and channel state may nest; deeper
	 * requests are answered ERROR.
	 */
	private int rpcMaxJsonDepth = 100;

	/**
	 * Largest channel identifier, connection identifiers or subscription accepted in a
	 * request, counted in characters; larger requests are answered ERROR.
	 */
	private DataSize rpcMaxIdentifierSize = DataSize.ofKilobytes(64);

	/**
	 * Largest connection and channel state (keys and values together) accepted in a
	 * request, counted in characters; larger requests are answered ERROR.
	 */
	private DataSize rpcMaxStateSize = DataSize.ofMegabytes(1);

	/**
	 * Largest RPC response sent to anycable-go, which refuses larger ones
	 * (--rpc_max_call_recv_size) and would then retry the call, running it again; a
	 * larger response is replaced by an ERROR response.
	 */
	private DataSize rpcMaxResponseSize = DataSize.ofMegabytes(4);

	/**
	 * Longest time the RPC server keeps answering Disconnect calls once shutdown starts,
	 * while refusing Connect and Command with UNAVAILABLE so anycable-go retries them.
	 * Ends early once no client of anycable.RPC is connected and no call is in flight: an
	 * anycable-go that shuts down too sends its Disconnect calls, then closes its
	 * connection. Runs before the gRPC server stops; calls in flight then get
	 * grpc.server.shutdown-grace-period to complete. 0s stops at once and leaves those
	 * Disconnect calls unanswered.
	 */
	private Duration shutdownGracePeriod = Duration.ofSeconds(5);

	private final Security security = new Security();

	private final Embedded embedded = new Embedded();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getRpcHost() {
		return this.rpcHost;
	}

	public void setRpcHost(String rpcHost) {
		this.rpcHost = rpcHost;
	}

	public @Nullable String getSecret() {
		return this.secret;
	}

	public void setSecret(@Nullable String secret) {
		this.secret = secret;
	}

	public @Nullable String getJwtSecret() {
		return this.jwtSecret;
	}

	public void setJwtSecret(@Nullable String jwtSecret) {
		this.jwtSecret = jwtSecret;
	}

	public Duration getJwtTtl() {
		return this.jwtTtl;
	}

	public void setJwtTtl(Duration jwtTtl) {
		this.jwtTtl = jwtTtl;
	}

	public String getJwtParam() {
		return this.jwtParam;
	}

	public void setJwtParam(String jwtParam) {
		this.jwtParam = jwtParam;
	}

	public boolean isEnforceJwt() {
		return this.enforceJwt;
	}

	public void setEnforceJwt(boolean enforceJwt) {
		this.enforceJwt = enforceJwt;
	}

	public int getRpcPoolSize() {
		return this.rpcPoolSize;
	}

	public void setRpcPoolSize(int rpcPoolSize) {
		this.rpcPoolSize = rpcPoolSize;
	}

	public int getRpcQueueSize() {
		return this.rpcQueueSize;
	}

	public void setRpcQueueSize(int rpcQueueSize) {
		this.rpcQueueSize = rpcQueueSize;
	}

	public boolean isRpcVirtualThreads() {
		return this.rpcVirtualThreads;
	}

	public void setRpcVirtualThreads(boolean rpcVirtualThreads) {
		this.rpcVirtualThreads = rpcVirtualThreads;
	}

	public boolean isRpcDirectExecutor() {
		return this.rpcDirectExecutor;
	}

	public void setRpcDirectExecutor(boolean rpcDirectExecutor) {
		this.rpcDirectExecutor = rpcDirectExecutor;
	}

	public boolean isRejectFailedSubscriptions() {
		return this.rejectFailedSubscriptions;
	}

	public void setRejectFailedSubscriptions(boolean rejectFailedSubscriptions) {
		this.rejectFailedSubscriptions = rejectFailedSubscriptions;
	}

	public int getRpcMaxJsonDepth() {
		return this.rpcMaxJsonDepth;
	}

	public void setRpcMaxJsonDepth(int rpcMaxJsonDepth) {
		this.rpcMaxJsonDepth = rpcMaxJsonDepth;
	}

	public DataSize getRpcMaxIdentifierSize() {
		return this.rpcMaxIdentifierSize;
	}

	public void setRpcMaxIdentifierSize(DataSize rpcMaxIdentifierSize) {
		this.rpcMaxIdentifierSize = rpcMaxIdentifierSize;
	}

	public DataSize getRpcMaxStateSize() {
		return this.rpcMaxStateSize;
	}

	public void setRpcMaxStateSize(DataSize rpcMaxStateSize) {
		this.rpcMaxStateSize = rpcMaxStateSize;
	}

	public DataSize getRpcMaxResponseSize() {
		return this.rpcMaxResponseSize;
	}

	public void setRpcMaxResponseSize(DataSize rpcMaxResponseSize) {
		this.rpcMaxResponseSize = rpcMaxResponseSize;
	}

	public Duration getShutdownGracePeriod() {
		return this.shutdownGracePeriod;
	}

	public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
		this.shutdownGracePeriod = shutdownGracePeriod;
	}

	public BroadcastAdapter getBroadcastAdapter() {
		return this.broadcastAdapter;
	}

	public void setBroadcastAdapter(BroadcastAdapter broadcastAdapter) {
		this.broadcastAdapter = broadcastAdapter;
	}

	public boolean isBroadcastAfterCommit() {
		return this.broadcastAfterCommit;
	}

	public void setBroadcastAfterCommit(boolean broadcastAfterCommit) {
		this.broadcastAfterCommit = broadcastAfterCommit;
	}

	public @Nullable String getBroadcastKey() {
		return this.broadcastKey;
	}

	public void setBroadcastKey(@Nullable String broadcastKey) {
		this.broadcastKey = broadcastKey;
	}

	public String getRedisUrl() {
		return this.redisUrl;
	}

	public void setRedisUrl(String redisUrl) {
		this.redisUrl = redisUrl;
	}

	public String getRedisChannel() {
		return this.redisChannel;
	}

	public void setRedisChannel(String redisChannel) {
		this.redisChannel = redisChannel;
	}

	public String getRedisxStream() {
		return this.redisxStream;
	}

	public void setRedisxStream(String redisxStream) {
		this.redisxStream = redisxStream;
	}

	public Duration getRedisTimeout() {
		return this.redisTimeout;
	}

	public void setRedisTimeout(Duration redisTimeout) {
		this.redisTimeout = redisTimeout;
	}

	public List<String> getNatsServers() {
		return this.natsServers;
	}

	public void setNatsServers(List<String> natsServers) {
		this.natsServers = natsServers;
	}

	public String getNatsChannel() {
		return this.natsChannel;
	}

	public void setNatsChannel(String natsChannel) {
		this.natsChannel = natsChannel;
	}

	public Duration getNatsTimeout() {
		return this.natsTimeout;
	}

	public void setNatsTimeout(Duration natsTimeout) {
		this.natsTimeout = natsTimeout;
	}

	public @Nullable URI getHttpBroadcastUrl() {
		return this.httpBroadcastUrl;
	}

	public void setHttpBroadcastUrl(@Nullable URI httpBroadcastUrl) {
		this.httpBroadcastUrl = httpBroadcastUrl;
	}

	public Duration getHttpBroadcastTimeout() {
		return this.httpBroadcastTimeout;
	}

	public void setHttpBroadcastTimeout(Duration httpBroadcastTimeout) {
		this.httpBroadcastTimeout = httpBroadcastTimeout;
	}

	/**
	 * The broadcast adapters of anycable-go the application can publish to.
	 */
	public enum BroadcastAdapter {

		/**
		 * Redis Pub/Sub: PUBLISH to the channel; every anycable-go node receives it.
		 */
		REDIS,

		/**
		 * Redis Streams (Redis 6.2+): XADD to the stream; one node reads it and fans it
		 * out.
		 */
		REDISX,

		/**
		 * NATS: publish to the subject; every node receives it.
		 */
		NATS,

		/**
		 * HTTP: POST to anycable-go's broadcast endpoint; needs --pubsub with several
		 * nodes.
		 */
		HTTP

	}

	public Embedded getEmbedded() {
		return this.embedded;
	}

	public Security getSecurity() {
		return this.security;
	}

	/**
	 * Spring Security for AnyCable connections: Connect authenticates the client from its
	 * Spring Session cookie or bearer token, and channel calls run as that user.
	 */
	public static class Security {

		/**
		 * Whether Connect authenticates clients with Spring Security (when no
		 * CableConnectionFactory bean is defined) and channel calls run with the user's
		 * security context.
		 */
		private boolean enabled;

		/**
		 * Connection identifier that holds the user name (Authentication#getName).
		 */
		private String identifier = "user";

		/**
		 * Name of the Spring Session cookie; server.servlet.session.cookie.name, else
		 * SESSION, when not set.
		 */
		private @Nullable String sessionCookie;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getIdentifier() {
			return this.identifier;
		}

		public void setIdentifier(String identifier) {
			this.identifier = identifier;
		}

		public @Nullable String getSessionCookie() {
			return this.sessionCookie;
		}

		public void setSessionCookie(@Nullable String sessionCookie) {
			this.sessionCookie = sessionCookie;
		}

	}

	/**
	 * The embedded Action Cable endpoint: a single-node stand-in for anycable-go that
	 * serves the same channels in-process, for development and small deployments.
	 */
	public static class Embedded {

		/**
		 * Whether to serve Action Cable clients from this application (no anycable-go
		 * needed).
		 */
		private boolean enabled;

		/**
		 * Path of the WebSocket endpoint, like anycable-go's --path.
		 */
		private String path = "/cable";

		/**
		 * Interval between the pings sent to every client, like anycable-go's
		 * --ping_interval. A client can ask for another interval in whole seconds with
		 * the "pi" query parameter.
		 */
		private Duration pingInterval = Duration.ofSeconds(3);

		/**
		 * Request headers passed to the connection factory, like anycable-go's --headers
		 * (REMOTE_ADDR is always passed).
		 */
		private List<String> headers = new ArrayList<>(List.of("cookie"));

		/**
		 * Origins allowed to connect besides the application's own, as patterns
		 * ("https://*.example.com"; "*" for any, anycable-go's default). By default only
		 * pages of the same origin and clients sending no Origin header (not browsers)
		 * connect: a page elsewhere would open the socket with the visitor's cookies.
		 * Others get 403 and a warning. The own origin is the request's scheme, host and
		 * port: behind a proxy, set server.forward-headers-strategy.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Largest message a client may send; a larger one closes its connection with
		 * 1009.
		 */
		private DataSize maxMessageSize = DataSize.ofKilobytes(64);

		/**
		 * Largest amount of frames waiting to be written to one client before it is
		 * disconnected as too slow, like anycable-go's ws_max_pending_size.
		 */
		private DataSize sendBufferSizeLimit = DataSize.ofMegabytes(1);

		/**
		 * Longest time one write to a client may take before the client is disconnected
		 * as too slow.
		 */
		private Duration sendTimeLimit = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public List<String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(List<String> headers) {
			this.headers = headers;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public DataSize getSendBufferSizeLimit() {
			return this.sendBufferSizeLimit;
		}

		public void setSendBufferSizeLimit(DataSize sendBufferSizeLimit) {
			this.sendBufferSizeLimit = sendBufferSizeLimit;
		}

		public Duration getSendTimeLimit() {
			return this.sendTimeLimit;
		}

		public void setSendTimeLimit(Duration sendTimeLimit) {
			this.sendTimeLimit = sendTimeLimit;
		}

	}

}
