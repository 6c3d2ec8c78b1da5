package io.anycable.spring.rpc;

/**
 * The three methods of {@code anycable.RPC}.
 *
 * @author AnyCable Spring Boot contributors
 */
public enum RpcMethod {

	/** A client connects: authenticate it. */
	CONNECT("Connect"),

	/** A client subscribes, unsubscribes or performs an action. */
	COMMAND("Command"),

	/** A client went away. */
	DISCONNECT("Disconnect");

	private final String methodName;

	RpcMethod(String methodName) {
		this.methodName = methodName;
	}

	/**
	 * Return the method's name in the service definition, also used as the {@code method}
	 * metric tag.
	 * @return the name, e.g. {@code Connect}
	 */
	public String methodName() {
		return this.methodName;
	}

}
