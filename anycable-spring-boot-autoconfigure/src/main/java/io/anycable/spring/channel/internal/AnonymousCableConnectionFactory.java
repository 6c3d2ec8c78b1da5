package io.anycable.spring.channel.internal;

import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.connection.CableRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@link CableConnectionFactory} used when the application defines none: every client
 * is accepted, without identifiers.
 *
 * @author AnyCable Spring Boot contributors
 */
public class AnonymousCableConnectionFactory implements CableConnectionFactory {

	private static final Log logger = LogFactory.getLog(AnonymousCableConnectionFactory.class);

	/**
	 * Create the factory; says once that clients are not authenticated.
	 */
	public AnonymousCableConnectionFactory() {
		logger.info("No CableConnectionFactory bean is defined: every AnyCable client is accepted anonymously. "
				+ "Define one to authenticate clients.");
	}

	@Override
	public CableConnection connect(CableRequest request) {
		return CableConnection.anonymous();
	}

}
