package io.anycable.spring.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback TCP ports. A probed port is released before use, so callers retry on a bind failure;
 * ports handed out in this JVM are never handed out twice.
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

}
