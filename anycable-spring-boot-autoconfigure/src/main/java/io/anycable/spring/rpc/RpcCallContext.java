package io.anycable.spring.rpc;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.grpc.Context;
import io.grpc.Deadline;
import org.jspecify.annotations.Nullable;

/**
 * What a long-running handler can ask about the {@code anycable.RPC} call it serves, from
 * the thread the call runs on (channel methods, connection factories, anything they call
 * synchronously).
 * <p>
 * anycable-go gives every call a deadline (3 s by default, retries included) and cancels
 * the call when the client's session closes. The answer to such a call is thrown away, so
 * a handler that loops or waits on slow I/O can stop early: <pre class="code">
 * for (Item item : items) {
 *     if (RpcCallContext.isCancelled()) {
 *         return;
 *     }
 *     process(item);
 * }
 * </pre> Outside an RPC call (tests, other threads) the call is never cancelled, has no
 * deadline and no session id.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class RpcCallContext {

	private static final ThreadLocal<String> SID = new ThreadLocal<>();

	private RpcCallContext() {
	}

	/**
	 * Return the session id of the client the current call is for, whatever the transport
	 * (gRPC, the embedded server). {@code BroadcastOptions.toOthers()} uses it to leave
	 * that client out of a broadcast made from a channel.
	 * @return the session id, or empty outside a call or when anycable-go sent none
	 */
	public static Optional<String> sid() {
		String sid = SID.get();
		return (sid != null && !sid.isEmpty()) ? Optional.of(sid) : Optional.empty();
	}

	static @Nullable String enter(@Nullable String sid) {
		String outer = SID.get();
		SID.set(sid);
		return outer;
	}

	static void leave(@Nullable String outer) {
		if (outer != null) {
			SID.set(outer);
		}
		else {
			SID.remove();
		}
	}

	/**
	 * Whether the current call was cancelled by the caller or ran past its deadline, so
	 * that its answer will not be read.
	 * @return {@code true} if further work on this call is wasted
	 */
	public static boolean isCancelled() {
		return Context.current().isCancelled();
	}

	/**
	 * Return the time left before the current call's deadline.
	 * @return the time left (negative once passed), or empty when the call has no
	 * deadline
	 */
	public static Optional<Duration> timeRemaining() {
		Deadline deadline = Context.current().getDeadline();
		return (deadline != null) ? Optional.of(Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS)))
				: Optional.empty();
	}

}
