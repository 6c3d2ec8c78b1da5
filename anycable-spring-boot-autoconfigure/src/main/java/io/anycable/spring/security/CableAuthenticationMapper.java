package io.anycable.spring.security;

import java.util.Map;

import io.anycable.spring.connection.CableIdentifiers;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

/**
 * Maps an {@link Authentication} to connection identifiers at Connect, and the
 * identifiers back to the user name that Command and Disconnect calls run as. The default
 * is {@code {"user": authentication.getName()}}.
 *
 * @author AnyCable Spring Boot contributors
 */
public interface CableAuthenticationMapper {

	/**
	 * Return the identifiers of an authenticated client.
	 * @param authentication the authentication
	 * @return the identifiers
	 */
	Map<String, ?> identifiers(Authentication authentication);

	/**
	 * Return the user name of a connection.
	 * @param identifiers the connection's identifiers
	 * @return the user name, or {@code null} for a connection that has none
	 */
	@Nullable String username(CableIdentifiers identifiers);

	/**
	 * Return the mapper that keeps the user name under one identifier.
	 * @param identifier the identifier, e.g. {@code user}
	 * @return the mapper
	 */
	static CableAuthenticationMapper byName(String identifier) {
		Assert.hasText(identifier, "The identifier must not be empty");
		return new CableAuthenticationMapper() {

			@Override
			public Map<String, ?> identifiers(Authentication authentication) {
				return Map.of(identifier, authentication.getName());
			}

			@Override
			public @Nullable String username(CableIdentifiers identifiers) {
				return identifiers.getString(identifier).orElse(null);
			}

			@Override
			public String toString() {
				return "{\"" + identifier + "\": authentication.getName()}";
			}

		};
	}

}
