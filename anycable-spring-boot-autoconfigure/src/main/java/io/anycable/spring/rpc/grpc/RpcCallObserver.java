package io.anycable.spring.rpc.grpc;

import io.anycable.spring.rpc.RpcMethod;
import io.anycable.spring.rpc.proto.Status;

/**
 * Told how each {@code anycable.RPC} call ended, for metrics. Called on the thread that
 * answered the call (a worker, or the transport thread for a call refused before any
 * work), so implementations must be quick and must not throw.
 *
 * @author AnyCable Spring Boot contributors
 * @see AnyCableGrpcService
 */
public interface RpcCallObserver {

	/** An observer that does nothing. */
	RpcCallObserver NONE = new RpcCallObserver() {

		@Override
		public void answered(RpcMethod method, Status status, long durationNanos) {
		}

		@Override
		public void refused(RpcMethod method, io.grpc.Status.Code code, long durationNanos) {
		}

	};

	/**
	 * A call the handler answered.
	 * @param method the method
	 * @param status the status of the response: {@code SUCCESS}, {@code FAILURE} or
	 * {@code ERROR}
	 * @param durationNanos time from the request's arrival to the response, waiting for a
	 * worker included
	 */
	void answered(RpcMethod method, Status status, long durationNanos);

	/**
	 * A call that ended with a gRPC error instead of a response: refused for overload
	 * ({@code RESOURCE_EXHAUSTED}) or shutdown ({@code UNAVAILABLE}), malformed
	 * ({@code INVALID_ARGUMENT}), past its deadline or cancelled before or while it ran
	 * ({@code DEADLINE_EXCEEDED}, {@code CANCELLED}), or failed unexpectedly
	 * ({@code INTERNAL}).
	 * @param method the method
	 * @param code the gRPC status code
	 * @param durationNanos time from the request's arrival to the end of the call
	 */
	void refused(RpcMethod method, io.grpc.Status.Code code, long durationNanos);

}
