package io.anycable.spring.boot.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed {@code anycable.rpc-host} value, with the host turned into what grpc-spring
 * can bind: an IP literal, or {@code *} for every interface.
 *
 * @param host the address to bind, an IP literal or {@code *} for every interface
 * @param port the port
 * @param hostOmitted whether the value had no host at all ({@code :50051}): every
 * interface, as in Go
 */
record RpcHostAddress(String host, int port, boolean hostOmitted) {

	private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	static RpcHostAddress parse(String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidRpcHostException(value, "it is empty");
		}
		String text = value.trim();
		int colon = text.lastIndexOf(':');
		if (colon < 0) {
			throw new InvalidRpcHostException(value, "it has no port");
		}
		String host = text.substring(0, colon);
		String portText = text.substring(colon + 1);
		boolean literal = false;
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
			literal = true;
		}
		else if (host.indexOf(':') >= 0) {
			throw new InvalidRpcHostException(value, "an IPv6 address must be written in brackets, e.g. [::1]:50051");
		}
		int port;
		try {
			port = Integer.parseInt(portText);
		}
		catch (NumberFormatException ex) {
			throw new InvalidRpcHostException(value, "the port '" + portText + "' is not a number");
		}
		if (port < 0 || port > 65535) {
			throw new InvalidRpcHostException(value, "the port " + port + " is out of range");
		}
		if (host.isEmpty() || host.equals("*") || host.equals("0.0.0.0") || host.equals("::")) {
			return new RpcHostAddress("*", port, host.isEmpty());
		}
		if (!literal && !IPV4_LITERAL.matcher(host).matches()) {
			host = resolve(value, host);
		}
		return new RpcHostAddress(host, port, false);
	}

	// grpc-spring only binds IP literals ("'localhost' is not an IP string literal"),
	// while anycable-go's own
	// default is localhost:50051 and host names are what people write
	private static String resolve(String value, String host) {
		if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
			// whatever the hosts file says: localhost means this machine only
			return InetAddress.getLoopbackAddress().getHostAddress();
		}
		try {
			return InetAddress.getByName(host).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new InvalidRpcHostException(value, "the host '" + host + "' cannot be resolved to an address");
		}
	}

}
