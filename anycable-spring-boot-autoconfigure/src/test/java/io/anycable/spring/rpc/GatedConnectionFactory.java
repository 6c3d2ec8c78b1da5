package io.anycable.spring.rpc;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.anycable.spring.connection.CableSocket;
import io.anycable.spring.connection.ConnectionOptions;
import io.anycable.spring.connection.SocketConnection;
import io.anycable.spring.connection.SocketConnectionFactory;

/**
 * Records every call it executes ({@code "connect <sid>"}, {@code "command <sid>"},
 * {@code "disconnect <sid>"}). A Connect with {@code ?wait} blocks until {@link #open()};
 * one with {@code ?spin} works until its call is cancelled, then records what
 * {@link RpcCallContext} said.
 */
public class GatedConnectionFactory implements SocketConnectionFactory {

	public final List<String> executed = new CopyOnWriteArrayList<>();

	public final List<String> observedCancellations = new CopyOnWriteArrayList<>();

	/** Names of the threads Connect ran on. */
	public final Set<String> connectThreads = ConcurrentHashMap.newKeySet();

	private final CountDownLatch gate = new CountDownLatch(1);

	public void open() {
		this.gate.countDown();
	}

	@Override
	public SocketConnection create(CableSocket socket, ConnectionOptions options) {
		return new SocketConnection() {

			@Override
			public void handleOpen() {
				GatedConnectionFactory.this.executed.add("connect " + socket.sid());
				GatedConnectionFactory.this.connectThreads.add(Thread.currentThread().getName());
				if (socket.request().param("wait").isPresent()) {
					awaitGate();
				}
				if (socket.request().param("spin").isPresent()) {
					long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
					while (!RpcCallContext.isCancelled() && System.nanoTime() < end) {
						Thread.onSpinWait();
					}
					GatedConnectionFactory.this.observedCancellations
						.add("cancelled=" + RpcCallContext.isCancelled() + " remaining<0="
								+ RpcCallContext.timeRemaining().map((d) -> d.isNegative()).orElse(false));
				}
			}

			@Override
			public void handleClose() {
				GatedConnectionFactory.this.executed.add("disconnect " + socket.sid());
			}

			@Override
			public boolean handleChannelCommand(String identifier, String command, String data) {
				GatedConnectionFactory.this.executed.add("command " + socket.sid());
				return true;
			}

			@Override
			public String identifiersJson() {
				return "{}";
			}

		};
	}

	private void awaitGate() {
		try {
			if (!this.gate.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("gate not opened within 10 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
