package io.anycable.spring.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback TCP ports for test servers (the unit tests' and the conformance suite's).
 * A probed port is released before use, so callers retry on a bind failure; ports handed
 * out in this JVM are never handed out twice.
 */
public final class FreePorts {

	private static final Set<Integer> handedOut = new HashSet<>();

	private FreePorts() {
	}

	/**
	 * Find a port that is free on 127.0.0.1 now.
	 * @return the port
	 */
	public static synchronized int find() {
		for (int attempt = 0; attempt < 50; attempt++) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				socket.setReuseAddress(true);
				int port = socket.getLocalPort();
				if (handedOut.add(port)) {
					return port;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot probe a free port", ex);
			}
		}
		throw new IllegalStateException("No free port found");
	}

	/**
	 * Wait until something accepts connections on a loopback port.
	 * @param port the port
	 * @param timeout how long to wait
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if nothing listens in time
	 */
	public static void awaitListening(int port, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		throw new IllegalStateException("Nothing listens on 127.0.0.1:" + port + " after " + timeout);
	}

}
