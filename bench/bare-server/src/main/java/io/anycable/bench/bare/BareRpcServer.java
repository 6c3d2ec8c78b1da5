package io.anycable.bench.bare;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * The transport limit: {@code anycable.RPC} on plain grpc-java with canned answers (no
 * JSON parsing, no dispatch), configured like our server (keepalive permits for
 * anycable-go, the default executor unless told otherwise). The only per-call work is
 * what any server must do: read the {@code sid} header, quote the identifier into the
 * frame, and for the {@code broadcast} action publish to Redis (awaited, like our
 * {@code CableBroadcaster}).
 * <p>
 * Usage: {@code BareRpcServer <port> [executor=default|direct|fixed:N] [redis-url]}.
 */
public final class BareRpcServer {

	private static final Metadata.Key<String> SID = Metadata.Key.of("sid", Metadata.ASCII_STRING_MARSHALLER);

	private static final Context.Key<String> SID_CONTEXT = Context.key("sid");

	private BareRpcServer() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		String executor = (args.length > 1) ? args[1] : "default";
		String redisUrl = (args.length > 2) ? args[2] : "";
		RedisAsyncCommands<String, String> redis = redisUrl.isEmpty() ? null
				: RedisClient.create(redisUrl).connect().async();
		NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
			.permitKeepAliveTime(5, TimeUnit.SECONDS)
			.permitKeepAliveWithoutCalls(true)
			.addService(ServerInterceptors.intercept(new Service(redis), new SidInterceptor()));
		ExecutorService pool = null;
		if ("direct".equals(executor)) {
			builder.directExecutor();
		}
		else if (executor.startsWith("fixed:")) {
			pool = Executors.newFixedThreadPool(Integer.parseInt(executor.substring(6)));
			builder.executor(pool);
		}
		Server server = builder.build().start();
		System.out.println("bare anycable.RPC listening on 127.0.0.1:" + port + " (executor " + executor + ")");
		Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
		server.awaitTermination();
		if (pool != null) {
			pool.shutdownNow();
		}
	}

	static final class SidInterceptor implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			return Contexts.interceptCall(Context.current().withValue(SID_CONTEXT, headers.get(SID)), call, headers,
					next);
		}

	}

	static final class Service extends RPCGrpc.RPCImplBase {

		private final RedisAsyncCommands<String, String> redis;

		Service(RedisAsyncCommands<String, String> redis) {
			this.redis = redis;
		}

		@Override
		public void connect(ConnectionRequest request, StreamObserver<ConnectionResponse> responseObserver) {
			String sid = SID_CONTEXT.get();
			responseObserver.onNext(ConnectionResponse.newBuilder()
				.setStatus(Status.SUCCESS)
				.setIdentifiers("{\"uid\":\"1\"}")
				.addTransmissions(
						(sid != null) ? "{\"type\":\"welcome\",\"sid\":" + quote(sid) + "}" : "{\"type\":\"welcome\"}")
				.build());
			responseObserver.onCompleted();
		}

		@Override
		public void command(CommandMessage request, StreamObserver<CommandResponse> responseObserver) {
			String identifier = request.getIdentifier();
			CommandResponse.Builder response = CommandResponse.newBuilder().setStatus(Status.SUCCESS);
			switch (request.getCommand()) {
				case "subscribe" -> response.addStreams("all")
					.addTransmissions("{\"identifier\":" + quote(identifier) + ",\"type\":\"confirm_subscription\"}");
				case "message" -> {
					String data = request.getData();
					int broadcast = data.indexOf("\"action\":\"broadcast\"");
					if (broadcast >= 0) {
						if (this.redis != null) {
							// awaited, like CableBroadcaster: the broadcast has reached
							// Redis when the call returns
							publish("{\"stream\":\"all\",\"data\":" + quote(data) + "}");
						}
						data = data.substring(0, broadcast) + "\"action\":\"broadcastResult\""
								+ data.substring(broadcast + 20);
					}
					response.addTransmissions("{\"identifier\":" + quote(identifier) + ",\"message\":" + data + "}");
				}
				default -> {
				}
			}
			responseObserver.onNext(response.build());
			responseObserver.onCompleted();
		}

		private void publish(String publication) {
			try {
				this.redis.publish("__anycable__", publication).get(5, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("PUBLISH failed", ex);
			}
		}

		@Override
		public void disconnect(DisconnectRequest request, StreamObserver<DisconnectResponse> responseObserver) {
			responseObserver.onNext(DisconnectResponse.newBuilder().setStatus(Status.SUCCESS).build());
			responseObserver.onCompleted();
		}

	}

	static String quote(String value) {
		StringBuilder result = new StringBuilder(value.length() + 8).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> result.append("\\\"");
				case '\\' -> result.append("\\\\");
				case '\n' -> result.append("\\n");
				case '\r' -> result.append("\\r");
				case '\t' -> result.append("\\t");
				default -> {
					if (c < 0x20) {
						result.append(String.format("\\u%04x", (int) c));
					}
					else {
						result.append(c);
					}
				}
			}
		}
		return result.append('"').toString();
	}

}
