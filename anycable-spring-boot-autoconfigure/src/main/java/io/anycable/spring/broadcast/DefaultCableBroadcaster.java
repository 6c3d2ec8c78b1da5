package io.anycable.spring.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.rpc.RpcCallContext;
import io.anycable.spring.support.CableJson;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The {@link CableBroadcaster} that writes the publication format anycable-go reads (the
 * same for every adapter) and hands it to a {@link BroadcastTransport}. It holds
 * broadcasts made inside a transaction or a {@link #batch(Runnable) batch} and sends them
 * together as one JSON array; remote commands travel on their own, since anycable-go
 * reads an array as messages only. A synchronous send during an RPC call ends before the
 * call's deadline ({@link RpcCallContext#timeRemaining()}), so a slow broker fails the
 * call in time instead of letting anycable-go give up on it while it goes on.
 *
 * @author AnyCable Spring Boot contributors
 */
public class DefaultCableBroadcaster implements CableBroadcaster {

	private static final boolean transactionsPresent = ClassUtils.isPresent(
			"org.springframework.transaction.support.TransactionSynchronizationManager",
			DefaultCableBroadcaster.class.getClassLoader());

	private static final Log logger = LogFactory.getLog(DefaultCableBroadcaster.class);

	/**
	 * What a broadcast made during an RPC call leaves of the call's time for the answer
	 * to reach anycable-go.
	 */
	private static final Duration RESPONSE_TIME = Duration.ofMillis(250);

	private final BroadcastTransport transport;

	private final CableJson json;

	private final SocketIdResolver socketIdResolver;

	private final boolean afterCommit;

	private final ThreadLocal<List<Publication>> batch = new ThreadLocal<>();

	/**
	 * Create a broadcaster.
	 * @param transport carries publications to the broker
	 * @param json writes payloads
	 * @param socketIdResolver finds the current client for
	 * {@link BroadcastOptions#toOthers()}
	 * @param afterCommit whether to hold broadcasts made in a transaction until it
	 * commits
	 */
	public DefaultCableBroadcaster(BroadcastTransport transport, CableJson json, SocketIdResolver socketIdResolver,
			boolean afterCommit) {
		Assert.notNull(transport, "BroadcastTransport must not be null");
		Assert.notNull(json, "CableJson must not be null");
		Assert.notNull(socketIdResolver, "SocketIdResolver must not be null");
		this.transport = transport;
		this.json = json;
		this.socketIdResolver = socketIdResolver;
		this.afterCommit = afterCommit && transactionsPresent;
	}

	/**
	 * Return the transport, for health checks.
	 * @return the transport
	 */
	public BroadcastTransport getTransport() {
		return this.transport;
	}

	@Override
	public void broadcast(String stream, Object payload, BroadcastOptions options) {
		dispatch(message(stream, payload, options));
	}

	@Override
	public CompletableFuture<Void> broadcastAsync(String stream, Object payload, BroadcastOptions options) {
		Publication publication = message(stream, payload, options);
		if (held(publication)) {
			return CompletableFuture.completedFuture(null);
		}
		List<Publication> publications = List.of(publication);
		CompletableFuture<Void> sending;
		try {
			Duration limit = timeLimit();
			sending = (limit != null) ? this.transport.publishAsync(publication.json(), limit)
					: this.transport.publishAsync(publication.json());
		}
		catch (TimeoutException ex) {
			sending = CompletableFuture.failedFuture(ex);
		}
		return sending.handle((sent, failure) -> {
			if (failure != null) {
				throw failed(publications, (failure instanceof CompletionException) ? failure.getCause() : failure);
			}
			logSent(publications);
			return null;
		});
	}

	private Publication message(String stream, Object payload, BroadcastOptions options) {
		Assert.hasText(stream, "Stream must not be empty");
		Assert.notNull(options, "BroadcastOptions must not be null");
		String excludeSocket = options.getExcludeSocket();
		if (excludeSocket == null && options.isToOthers()) {
			excludeSocket = this.socketIdResolver.resolveSocketId();
		}
		return Publication.message(stream, this.json.write(payload), excludeSocket, options.isTransient());
	}

	@Override
	public void disconnect(CableIdentifiers identifiers, boolean reconnect) {
		Assert.notNull(identifiers, "Identifiers must not be null");
		Assert.isTrue(!identifiers.isEmpty(),
				"Identifiers must not be empty: a remote disconnect of {} would close every anonymous connection");
		dispatch(Publication.disconnect(identifiers.json(), reconnect));
	}

	@Override
	public void disconnect(String identifiersJson, boolean reconnect) {
		disconnect(CableIdentifiers.canonicalize(identifiersJson, this.json), reconnect);
	}

	@Override
	public void batch(Runnable work) {
		Assert.notNull(work, "Work must not be null");
		if (this.batch.get() != null || (this.afterCommit && AfterCommitPublications.isTransactionActive())) {
			work.run();
			return;
		}
		List<Publication> publications = new ArrayList<>();
		this.batch.set(publications);
		try {
			work.run();
		}
		finally {
			this.batch.remove();
		}
		send(publications);
	}

	private void dispatch(Publication publication) {
		if (!held(publication)) {
			send(List.of(publication));
		}
	}

	/**
	 * Hold a publication made in a transaction or a batch; return whether it was held.
	 */
	private boolean held(Publication publication) {
		if (this.afterCommit && AfterCommitPublications.hold(this, publication)) {
			return true;
		}
		List<Publication> publications = this.batch.get();
		if (publications != null) {
			publications.add(publication);
			return true;
		}
		return false;
	}

	/**
	 * Send publications in order: consecutive messages as one array, each command on its
	 * own.
	 * @param publications the publications
	 */
	void send(List<Publication> publications) {
		List<Publication> messages = new ArrayList<>();
		for (Publication publication : publications) {
			if (publication.isCommand()) {
				publish(messages);
				messages.clear();
				publish(List.of(publication));
			}
			else {
				messages.add(publication);
			}
		}
		publish(messages);
	}

	private void publish(List<Publication> publications) {
		if (publications.isEmpty()) {
			return;
		}
		String text = (publications.size() == 1) ? publications.get(0).json()
				: publications.stream().map(Publication::json).collect(Collectors.joining(",", "[", "]"));
		try {
			Duration limit = timeLimit();
			if (limit != null) {
				this.transport.publish(text, limit);
			}
			else {
				this.transport.publish(text);
			}
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw failed(publications, ex);
		}
		logSent(publications);
	}

	/**
	 * Return how long a send may hold the caller: during a call with a deadline (an RPC
	 * call, or any gRPC call the current thread serves), what the call has left less the
	 * time its answer needs; else {@code null}, the transport's own timeout.
	 * @throws TimeoutException when nothing is left
	 */
	private static @Nullable Duration timeLimit() throws TimeoutException {
		Duration left = RpcCallContext.timeRemaining().orElse(null);
		if (left == null) {
			return null;
		}
		Duration limit = left.minus(RESPONSE_TIME);
		if (limit.isNegative() || limit.isZero()) {
			throw new TimeoutException("the RPC call's deadline leaves no time to broadcast (" + left.toMillis()
					+ " ms left, " + RESPONSE_TIME.toMillis() + " ms kept for the answer)");
		}
		return limit;
	}

	private BroadcastException failed(List<Publication> publications, Throwable cause) {
		return new BroadcastException(this.transport.name(), streams(publications), describe(publications), cause);
	}

	private void logSent(List<Publication> publications) {
		if (logger.isDebugEnabled()) {
			logger.debug("Sent " + describe(publications) + " via " + this.transport.name());
		}
	}

	private static List<String> streams(List<Publication> publications) {
		return publications.stream().map(Publication::stream).filter((stream) -> stream != null).distinct().toList();
	}

	private static String describe(List<Publication> publications) {
		if (publications.size() == 1) {
			return publications.get(0).description();
		}
		return "batch of " + publications.size() + " broadcasts to streams " + streams(publications);
	}

}
