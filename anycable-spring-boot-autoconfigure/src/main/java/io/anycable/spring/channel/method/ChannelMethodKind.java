package io.anycable.spring.channel.method;

/**
 * The kinds of channel methods, by the annotation that declares them.
 *
 * @author AnyCable Spring Boot contributors
 */
public enum ChannelMethodKind {

	/** {@code @OnSubscribe}: a client subscribes. */
	SUBSCRIBE,

	/** {@code @OnUnsubscribe}: a client unsubscribes or disconnects. */
	UNSUBSCRIBE,

	/** {@code @Action}: a client performs an action; the only kind with a payload. */
	ACTION,

	/** {@code @ChannelExceptionHandler}: another method of the channel threw. */
	EXCEPTION_HANDLER

}
