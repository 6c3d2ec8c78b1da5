package io.anycable.sample;

import java.security.Principal;
import java.util.Map;

import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.jwt.CableJwtIssuer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells the page who is logged in and where to connect: the embedded endpoint
 * {@code /cable}, identified by the session cookie, or (profile {@code anycable},
 * {@code chat.cable-url} set) anycable-go with an AnyCable JWT in the URL, so anycable-go
 * connects the page without a Connect call. The page asks again when its token expired.
 */
@RestController
class SessionController {

	private final @Nullable CableJwtIssuer jwtIssuer;

	private final @Nullable String cableUrl;

	SessionController(ObjectProvider<CableJwtIssuer> jwtIssuer, @Value("${chat.cable-url:#{null}}") String cableUrl) {
		this.jwtIssuer = jwtIssuer.getIfAvailable();
		this.cableUrl = cableUrl;
	}

	@GetMapping("/session")
	Map<String, String> session(Principal user) {
		String url = "/cable";
		if (this.cableUrl != null && this.jwtIssuer != null) {
			url = this.jwtIssuer.cableUrl(this.cableUrl, CableIdentifiers.of(Map.of("user", user.getName())));
		}
		return Map.of("user", user.getName(), "cableUrl", url);
	}

}
