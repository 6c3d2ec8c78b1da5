package io.anycable.spring.boot.autoconfigure;

/**
 * A parsed {@code anycable.rpc-host} value.
 *
 * @param host the host to bind, {@code *} for every interface
 * @param port the port
 */
record RpcHostAddress(String host, int port) {

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
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
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
		if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
			host = "*";
		}
		return new RpcHostAddress(host, port);
	}

}
