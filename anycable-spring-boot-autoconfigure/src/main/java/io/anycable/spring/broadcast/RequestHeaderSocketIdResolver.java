package io.anycable.spring.broadcast;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Reads the session id from the {@code X-Socket-ID} header of the current servlet
 * request, the header the AnyCable and Action Cable JavaScript clients add to the
 * application's own HTTP calls. So {@code toOthers()} works from a plain Spring MVC
 * controller.
 *
 * @author AnyCable Spring Boot contributors
 */
public class RequestHeaderSocketIdResolver implements SocketIdResolver {

	/** The header Rails reads for {@code to_others}. */
	public static final String SOCKET_ID_HEADER = "X-Socket-ID";

	@Override
	public @Nullable String resolveSocketId() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			HttpServletRequest request = servlet.getRequest();
			String sid = request.getHeader(SOCKET_ID_HEADER);
			return StringUtils.hasText(sid) ? sid.trim() : null;
		}
		return null;
	}

}
