package io.anycable.spring.rpc.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.RpcMetadata;
import io.anycable.spring.rpc.RpcMethod;
import io.anycable.spring.rpc.RpcResponses;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@code anycable.RPC} gRPC service: admits each call to a bounded
 * {@link RpcExecutor}, reads the {@code sid} and {@code protov} metadata and delegates to
 * an {@link AnyCableRpcHandler}. Plain grpc-java, so any gRPC server integration can
 * serve it.
 * <p>
 * The transport thread only takes the request's bytes and hands the call to a worker;
 * every answer that is not the handler's comes with a gRPC status and a message saying
 * why:
 * <ul>
 * <li>{@code RESOURCE_EXHAUSTED}: every worker busy and the queue full. Refused before
 * any work, so anycable-go's retry cannot repeat side effects.</li>
 * <li>{@code UNAVAILABLE}: the server is shutting down ({@link #drain()}); Connect and
 * Command only, Disconnect is still served.</li>
 * <li>{@code DEADLINE_EXCEEDED} / {@code CANCELLED}: the call's deadline passed or its
 * caller went away while it waited for a worker; it is not started.</li>
 * <li>{@code INVALID_ARGUMENT}: the request is not a valid protobuf message (invalid
 * UTF-8 in a string field, truncated or garbage bytes), or a call carried no or several
 * requests.</li>
 * </ul>
 * The request is parsed on the worker rather than the transport thread: anycable-go sends
 * every call over a single connection, whose transport thread would otherwise bound
 * throughput.
 *
 * @author AnyCable Spring Boot contributors
 */
public class AnyCableGrpcService implements BindableService {

	/** Metadata key of the session id. */
	public static final Metadata.Key<String> SID_KEY = Metadata.Key.of("sid", Metadata.ASCII_STRING_MARSHALLER);

	/** Metadata key of the RPC protocol versions the caller speaks. */
	public static final Metadata.Key<String> PROTOCOL_VERSION_KEY = Metadata.Key.of("protov",
			Metadata.ASCII_STRING_MARSHALLER);

	/**
	 * Default for {@link #setMaxResponseSize(int)}: anycable-go's default receive limit,
	 * 4 MiB.
	 */
	public static final int DEFAULT_MAX_RESPONSE_SIZE = 4 * 1024 * 1024;

	private static final Log logger = LogFactory.getLog(AnyCableGrpcService.class);

	/**
	 * Passes a message's bytes as they are; package-private so tests can send raw bytes
	 * with it.
	 */
	static final MethodDescriptor.Marshaller<byte[]> BYTES = new BytesMarshaller();

	private final AnyCableRpcHandler handler;

	private final RpcExecutor executor;

	private final RpcCallObserver observer;

	private volatile boolean draining;

	private int maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;

	/**
	 * Create the service.
	 * @param handler the handler that answers every call
	 * @param executor the pool the handler runs on
	 * @param observer told how each call ended
	 */
	public AnyCableGrpcService(AnyCableRpcHandler handler, RpcExecutor executor, RpcCallObserver observer) {
		Assert.notNull(handler, "AnyCableRpcHandler must not be null");
		Assert.notNull(executor, "RpcExecutor must not be null");
		Assert.notNull(observer, "RpcCallObserver must not be null");
		this.handler = handler;
		this.executor = executor;
		this.observer = observer;
	}

	/**
	 * Set the largest response sent. anycable-go refuses a larger one on its side with
	 * {@code RESOURCE_EXHAUSTED} ({@code --rpc_max_call_recv_size}, 4 MiB by default),
	 * takes that for overload and retries the call, running the handler again; so a
	 * larger response is replaced by an {@code ERROR} response saying why, which
	 * anycable-go logs and does not retry.
	 * @param maxResponseSize the size in bytes
	 */
	public void setMaxResponseSize(int maxResponseSize) {
		Assert.isTrue(maxResponseSize > 0, "Maximum response size must be positive");
		this.maxResponseSize = maxResponseSize;
	}

	/**
	 * Stop taking new work for shutdown: from now on Connect and Command are refused with
	 * {@code UNAVAILABLE} (anycable-go retries them, reaching another RPC server if it
	 * has several), while Disconnect is still answered so clients that leave meanwhile
	 * are cleaned up. Calls already admitted complete.
	 */
	public void drain() {
		this.draining = true;
	}

	/**
	 * Whether {@link #drain()} was called.
	 * @return {@code true} once the service refuses new Connect and Command calls
	 */
	public boolean isDraining() {
		return this.draining;
	}

	@Override
	public ServerServiceDefinition bindService() {
		MethodDescriptor<byte[], ConnectionResponse> connect = rawRequests(RPCGrpc.getConnectMethod());
		MethodDescriptor<byte[], CommandResponse> command = rawRequests(RPCGrpc.getCommandMethod());
		MethodDescriptor<byte[], DisconnectResponse> disconnect = rawRequests(RPCGrpc.getDisconnectMethod());
		ServiceDescriptor generated = RPCGrpc.getServiceDescriptor();
		ServiceDescriptor descriptor = ServiceDescriptor.newBuilder(generated.getName())
			.setSchemaDescriptor(generated.getSchemaDescriptor())
			.addMethod(connect)
			.addMethod(command)
			.addMethod(disconnect)
			.build();
		return ServerServiceDefinition.builder(descriptor)
			.addMethod(connect,
					new UnaryMethod<>(RpcMethod.CONNECT, ConnectionRequest.parser(), this.handler::connect,
							ConnectionResponse::getStatus))
			.addMethod(command,
					new UnaryMethod<>(RpcMethod.COMMAND, CommandMessage.parser(), this.handler::command,
							CommandResponse::getStatus))
			.addMethod(disconnect,
					new UnaryMethod<>(RpcMethod.DISCONNECT, DisconnectRequest.parser(), this.handler::disconnect,
							DisconnectResponse::getStatus))
			.build();
	}

	private static <Q, R> MethodDescriptor<byte[], R> rawRequests(MethodDescriptor<Q, R> method) {
		return method.toBuilder(BYTES, method.getResponseMarshaller()).build();
	}

	/**
	 * Answers one method: each call gets a {@link UnaryCall}.
	 */
	private final class UnaryMethod<Q, R extends Message> implements ServerCallHandler<byte[], R> {

		private final RpcMethod method;

		private final Parser<Q> parser;

		private final BiFunction<Q, RpcMetadata, R> function;

		private final Function<R, io.anycable.spring.rpc.proto.Status> status;

		UnaryMethod(RpcMethod method, Parser<Q> parser, BiFunction<Q, RpcMetadata, R> function,
				Function<R, io.anycable.spring.rpc.proto.Status> status) {
			this.method = method;
			this.parser = parser;
			this.function = function;
			this.status = status;
		}

		@Override
		public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], R> call, Metadata headers) {
			// one more than a unary call needs, to notice a caller that sends two
			call.request(2);
			return new UnaryCall<>(this, call, headers);
		}

	}

	/**
	 * One call: collects the request on the transport thread, admits the call to the pool
	 * at half-close, then parses and answers it on a worker.
	 */
	private final class UnaryCall<Q, R extends Message> extends ServerCall.Listener<byte[]> implements Runnable {

		private final UnaryMethod<Q, R> method;

		private final ServerCall<byte[], R> call;

		private final Metadata headers;

		private byte @Nullable [] request;

		/**
		 * Whether the call was refused on the transport thread: later events are ignored.
		 */
		private boolean closed;

		private @Nullable Context context;

		private long arrival;

		UnaryCall(UnaryMethod<Q, R> method, ServerCall<byte[], R> call, Metadata headers) {
			this.method = method;
			this.call = call;
			this.headers = headers;
		}

		@Override
		public void onMessage(byte[] message) {
			if (this.closed) {
				return;
			}
			if (this.request != null) {
				this.arrival = System.nanoTime();
				refuse(Status.INVALID_ARGUMENT.withDescription(name() + " takes one request message, got more"));
				return;
			}
			this.request = message;
		}

		@Override
		public void onHalfClose() {
			if (this.closed) {
				return;
			}
			this.arrival = System.nanoTime();
			if (this.request == null) {
				refuse(Status.INVALID_ARGUMENT.withDescription(name() + " takes one request message, got none"));
			}
			else if (AnyCableGrpcService.this.draining && this.method.method != RpcMethod.DISCONNECT) {
				refuse(Status.UNAVAILABLE
					.withDescription("RPC server is shutting down: " + name() + " refused, retry on another server"));
			}
			else {
				this.context = Context.current();
				if (!AnyCableGrpcService.this.executor.tryExecute(this)) {
					RpcExecutor executor = AnyCableGrpcService.this.executor;
					refuse(Status.RESOURCE_EXHAUSTED.withDescription("RPC server overloaded: "
							+ (executor.poolSize() + executor.queueCapacity()) + " calls running or waiting for one of "
							+ executor.poolSize() + " workers, " + name() + " not started, retry later"));
				}
			}
		}

		@Override
		public void run() {
			Context previous = this.context.attach();
			try {
				R response = null;
				Status failure = abandoned("while it waited for a worker: not started");
				if (failure == null) {
					try {
						response = this.method.function.apply(this.method.parser.parseFrom(this.request),
								new RpcMetadata(this.headers.get(SID_KEY), this.headers.get(PROTOCOL_VERSION_KEY)));
						failure = abandoned("while it ran: answer dropped");
						response = withinSizeLimit(response);
					}
					catch (InvalidProtocolBufferException ex) {
						failure = Status.INVALID_ARGUMENT
							.withDescription("Malformed " + name() + " request: " + ex.getMessage());
					}
					catch (RuntimeException ex) {
						logger.error(name() + " failed unexpectedly", ex);
						failure = Status.INTERNAL.withDescription(name() + " failed: " + ex);
					}
				}
				this.request = null;
				AnyCableGrpcService.this.executor.answered();
				if (failure != null) {
					end(failure);
				}
				else {
					this.call.sendHeaders(new Metadata());
					this.call.sendMessage(response);
					this.call.close(Status.OK, new Metadata());
					AnyCableGrpcService.this.observer.answered(this.method.method, this.method.status.apply(response),
							System.nanoTime() - this.arrival);
				}
			}
			finally {
				this.context.detach(previous);
			}
		}

		private R withinSizeLimit(R response) {
			int size = response.getSerializedSize();
			int limit = AnyCableGrpcService.this.maxResponseSize;
			if (size <= limit) {
				return response;
			}
			String message = name() + " response of " + size + " bytes is over the " + limit
					+ " bytes anycable-go accepts (--rpc_max_call_recv_size): not sent";
			logger.warn(message);
			return RpcResponses.error(this.method.method, message);
		}

		private @Nullable Status abandoned(String when) {
			Deadline deadline = this.context.getDeadline();
			if (deadline != null && deadline.isExpired()) {
				return Status.DEADLINE_EXCEEDED.withDescription(name() + " passed its deadline " + when);
			}
			if (this.context.isCancelled() || this.call.isCancelled()) {
				return Status.CANCELLED.withDescription(name() + " was cancelled by the caller " + when);
			}
			return null;
		}

		/** Refuse on the transport thread, before the call reaches the pool. */
		private void refuse(Status status) {
			this.closed = true;
			this.request = null;
			end(status);
		}

		/** End the call with an error status. */
		private void end(Status status) {
			this.call.close(status, new Metadata());
			AnyCableGrpcService.this.observer.refused(this.method.method, status.getCode(),
					System.nanoTime() - this.arrival);
		}

		private String name() {
			return this.method.method.methodName();
		}

	}

	/**
	 * Takes a request's bytes off the transport as they are, so that a malformed message
	 * is refused by the service with a clear status (grpc-java would answer
	 * {@code UNKNOWN} and log the parse failure) and is parsed on a worker.
	 */
	private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {

		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
