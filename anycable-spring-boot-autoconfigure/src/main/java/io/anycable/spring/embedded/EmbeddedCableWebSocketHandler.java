package io.anycable.spring.embedded;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The WebSocket side of the {@link EmbeddedCableServer}: Action Cable clients connect
 * here. Offers the {@code actioncable-v1-json} and {@code actioncable-v1-ext-json}
 * sub-protocols; a client that asks for neither is served plain Action Cable all the
 * same.
 *
 * @author AnyCable Spring Boot contributors
 */
public class EmbeddedCableWebSocketHandler extends AbstractWebSocketHandler implements SubProtocolCapable {

	/** The sub-protocols this endpoint speaks. */
	public static final List<String> SUB_PROTOCOLS = List.of("actioncable-v1-json", "actioncable-v1-ext-json");

	private static final Log logger = LogFactory.getLog(EmbeddedCableWebSocketHandler.class);

	private final EmbeddedCableServer server;

	/**
	 * Create a handler.
	 * @param server the server that keeps the sessions
	 */
	public EmbeddedCableWebSocketHandler(EmbeddedCableServer server) {
		Assert.notNull(server, "EmbeddedCableServer must not be null");
		this.server = server;
	}

	@Override
	public List<String> getSubProtocols() {
		return SUB_PROTOCOLS;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.server.open(session);
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		this.server.handle(session, message.getPayload());
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		logger.debug("Transport error on " + session.getId() + ": " + exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.server.closed(session);
	}

}
