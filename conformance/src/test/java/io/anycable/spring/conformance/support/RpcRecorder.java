package io.anycable.spring.conformance.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;

/**
 * A gRPC interceptor on the real server that records every {@code anycable.RPC} call
 * anycable-go makes (metadata, request, response, final status, cancellation, deadline)
 * and can answer the first attempts of a session's calls with an error status before they
 * reach the service (scenario 42). It observes; it never replaces the service's answers.
 * With the embedded server under test there is no gRPC hop: {@link InProcessRpcRecording}
 * records the same calls at the RPC handler.
 */
@GrpcGlobalServerInterceptor
public class RpcRecorder implements ServerInterceptor {

	private static final Metadata.Key<String> SID = Metadata.Key.of("sid", Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> PROTOV = Metadata.Key.of("protov", Metadata.ASCII_STRING_MARSHALLER);

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final Map<String, Fault> faults = new ConcurrentHashMap<>();

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> serverCall, Metadata headers,
			ServerCallHandler<Q, R> next) {
		Call call = new Call(serverCall.getMethodDescriptor().getBareMethodName(), headers.get(SID),
				headers.get(PROTOV), Context.current().getDeadline());
		synchronized (this.calls) {
			this.calls.add(call);
			this.calls.notifyAll();
		}
		Fault fault = (call.sid != null) ? this.faults.get(call.sid) : null;
		if (fault != null && fault.method.equals(call.method) && fault.take()) {
			call.injected = true;
			Status status = fault.status.withDescription("injected by the conformance suite");
			serverCall.close(status, new Metadata());
			finish(call, status);
			return new ServerCall.Listener<>() {
			};
		}
		ServerCall<Q, R> recording = new SimpleForwardingServerCall<>(serverCall) {

			@Override
			public void sendMessage(R message) {
				call.response = (Message) message;
				super.sendMessage(message);
			}

			@Override
			public void close(Status status, Metadata trailers) {
				finish(call, status);
				super.close(status, trailers);
			}

		};
		return new SimpleForwardingServerCallListener<>(next.startCall(recording, headers)) {

			@Override
			public void onMessage(Q message) {
				call.request = request(call.method, message);
				super.onMessage(message);
			}

			@Override
			public void onCancel() {
				call.cancelled = true;
				synchronized (RpcRecorder.this.calls) {
					RpcRecorder.this.calls.notifyAll();
				}
				super.onCancel();
			}

		};
	}

	/**
	 * Record a call the embedded server makes to the RPC handler in-process: no deadline,
	 * no cancellation, no fault injection.
	 * @param <T> the response type
	 * @param method {@code Connect}, {@code Command} or {@code Disconnect}
	 * @param sid the session id
	 * @param protov the protocol versions
	 * @param request the request
	 * @param invocation the call itself
	 * @return the response
	 */
	<T extends Message> T recordInProcess(String method, String sid, String protov, Message request,
			java.util.function.Supplier<T> invocation) {
		Call call = new Call(method, sid, protov, null);
		call.request = request;
		synchronized (this.calls) {
			this.calls.add(call);
		}
		try {
			T response = invocation.get();
			call.response = response;
			finish(call, Status.OK);
			return response;
		}
		catch (RuntimeException ex) {
			finish(call, Status.fromThrowable(ex));
			throw ex;
		}
	}

	/**
	 * The service takes its requests as bytes and parses them on a worker: parse a copy
	 * to record it.
	 */
	private static Message request(String method, Object message) {
		if (message instanceof Message request) {
			return request;
		}
		byte[] bytes = (byte[]) message;
		try {
			return switch (method) {
				case "Connect" -> ConnectionRequest.parseFrom(bytes);
				case "Command" -> CommandMessage.parseFrom(bytes);
				default -> DisconnectRequest.parseFrom(bytes);
			};
		}
		catch (InvalidProtocolBufferException ex) {
			return null;
		}
	}

	private void finish(Call call, Status status) {
		call.status = status;
		synchronized (this.calls) {
			this.calls.notifyAll();
		}
	}

	/**
	 * Answer the first {@code count} calls of a method for a session with a status,
	 * before the service sees them (anycable-go takes the session id from the client's
	 * {@code X-Request-ID} header).
	 * @param sid the session id
	 * @param method {@code Connect}, {@code Command} or {@code Disconnect}
	 * @param status the status
	 * @param count how many attempts to fail
	 */
	public void failFirst(String sid, String method, Status.Code status, int count) {
		this.faults.put(sid, new Fault(method, Status.fromCode(status), count));
	}

	/**
	 * Return every call so far.
	 * @return the calls
	 */
	public List<Call> calls() {
		return new ArrayList<>(this.calls);
	}

	/**
	 * Return the calls of a session.
	 * @param sid the session id
	 * @return the calls, in arrival order
	 */
	public List<Call> calls(String sid) {
		return this.calls.stream().filter((call) -> sid.equals(call.sid)).collect(Collectors.toList());
	}

	/**
	 * Return the calls of a session and method.
	 * @param sid the session id
	 * @param method the method
	 * @return the calls
	 */
	public List<Call> calls(String sid, String method) {
		return calls(sid).stream().filter((call) -> method.equals(call.method)).collect(Collectors.toList());
	}

	/**
	 * Wait for a finished call matching the predicate.
	 * @param description what is awaited, for the failure message
	 * @param predicate the predicate
	 * @param timeout how long to wait
	 * @return the call
	 */
	public Call await(String description, Predicate<Call> predicate, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.calls) {
			while (true) {
				for (Call call : this.calls) {
					if (call.status != null && predicate.test(call)) {
						return call;
					}
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError("No RPC call " + description + " within " + timeout + "; calls so far:\n"
							+ describe(this.calls));
				}
				try {
					this.calls.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted", ex);
				}
			}
		}
	}

	/**
	 * Wait for the finished call of a method for a session.
	 * @param sid the session id
	 * @param method the method
	 * @param timeout how long to wait
	 * @return the call
	 */
	public Call await(String sid, String method, Duration timeout) {
		return await(method + " of sid " + sid, (call) -> sid.equals(call.sid) && method.equals(call.method), timeout);
	}

	/**
	 * Describe calls for a failure message.
	 * @param calls the calls
	 * @return the text
	 */
	public static String describe(List<Call> calls) {
		return calls.stream().map(Call::toString).collect(Collectors.joining("\n"));
	}

	private static final class Fault {

		final String method;

		final Status status;

		private int remaining;

		Fault(String method, Status status, int remaining) {
			this.method = method;
			this.status = status;
			this.remaining = remaining;
		}

		synchronized boolean take() {
			if (this.remaining <= 0) {
				return false;
			}
			this.remaining--;
			return true;
		}

	}

	/**
	 * One recorded call.
	 */
	public static final class Call {

		private final long startedNanos = System.nanoTime();

		final String method;

		final String sid;

		final String protov;

		final Deadline deadline;

		volatile Message request;

		volatile Message response;

		volatile Status status;

		volatile boolean cancelled;

		volatile boolean injected;

		Call(String method, String sid, String protov, Deadline deadline) {
			this.method = method;
			this.sid = sid;
			this.protov = protov;
			this.deadline = deadline;
		}

		public String method() {
			return this.method;
		}

		public String sid() {
			return this.sid;
		}

		public String protov() {
			return this.protov;
		}

		/**
		 * Return the deadline the caller set ({@code grpc-timeout}).
		 * @return the deadline, {@code null} when none was sent
		 */
		public Deadline deadline() {
			return this.deadline;
		}

		@SuppressWarnings("unchecked")
		public <T extends Message> T request() {
			return (T) this.request;
		}

		@SuppressWarnings("unchecked")
		public <T extends Message> T response() {
			return (T) this.response;
		}

		/**
		 * Return the final status.
		 * @return the status, {@code null} while in flight
		 */
		public Status status() {
			return this.status;
		}

		public boolean cancelled() {
			return this.cancelled;
		}

		public boolean injected() {
			return this.injected;
		}

		public long startedNanos() {
			return this.startedNanos;
		}

		@Override
		public String toString() {
			return this.method + " sid=" + this.sid + " protov=" + this.protov + " status="
					+ ((this.status != null) ? this.status.getCode() : "in-flight")
					+ (this.cancelled ? " CANCELLED" : "") + (this.injected ? " (injected)" : "") + "\n  request: "
					+ abbreviate(this.request) + "\n  response: " + abbreviate(this.response);
		}

		private static String abbreviate(Message message) {
			if (message == null) {
				return "-";
			}
			if (message.getSerializedSize() > 8192) {
				return "(" + message.getSerializedSize() + " bytes, not shown)";
			}
			return TextFormat.shortDebugString(message);
		}

	}

}
