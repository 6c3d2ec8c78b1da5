package io.anycable.spring.broadcast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * Loopback ports for test servers.
 */
public final class TestPorts {

	private TestPorts() {
	}

	/**
	 * Return a port nothing listens on right now.
	 * @return the port
	 */
	public static int free() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Wait until something accepts connections on a loopback port.
	 * @param port the port
	 * @param timeout how long to wait
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
