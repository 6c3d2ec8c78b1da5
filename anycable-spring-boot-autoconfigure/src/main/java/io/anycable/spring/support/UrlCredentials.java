package io.anycable.spring.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Shows broker and endpoint addresses in health details, logs and messages without their
 * credentials: the user info of a URL ({@code redis://:password@host},
 * {@code nats://token@host}) and its query (Redis and NATS URLs may carry a password
 * there) are left out.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class UrlCredentials {

	private static final Pattern USER_INFO = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]*@");

	private UrlCredentials() {
	}

	/**
	 * Return a URL without user info, query and fragment.
	 * @param url the URL as configured
	 * @return the URL to show
	 */
	public static String strip(String url) {
		String text = url.trim();
		try {
			URI uri = new URI(text);
			if (uri.getScheme() != null && uri.getHost() != null) {
				return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
					.toString();
			}
		}
		catch (URISyntaxException ex) {
			// not a URL java.net.URI can rebuild (a list, a host without scheme): strip
			// what looks like user info
		}
		return scrub(text.replaceFirst("[?#].*$", ""));
	}

	/**
	 * Remove what looks like the user info of URLs from a text, such as an exception
	 * message that quotes a server's address.
	 * @param text the text
	 * @return the text without user info
	 */
	public static String scrub(String text) {
		return USER_INFO.matcher(text).replaceAll("$1");
	}

	/**
	 * Tell whether a text holds a URL with user info, which may be a password.
	 * @param text the text
	 * @return {@code true} if some {@code scheme://...@} is in it
	 */
	public static boolean hasUserInfo(String text) {
		return USER_INFO.matcher(text).find();
	}

}
