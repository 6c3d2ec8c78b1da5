package io.anycable.spring.security;

import java.util.List;

import io.anycable.spring.channel.ChannelCallScope;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.connection.CableState;
import io.anycable.spring.support.CableJson;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Runs every Command and Disconnect with a {@link SecurityContext} rebuilt from the
 * connection's identifiers, cleared after the call: anycable-go keeps no session of ours,
 * so each stateless call says again who the client is. The user is loaded through the
 * {@link UserDetailsService} when there is one (authorities as they are now), else built
 * from the authorities stored in the connection state at Connect. A connection without a
 * user name, or whose user is gone, runs unauthenticated, so {@code @PreAuthorize}
 * refuses it.
 *
 * @author AnyCable Spring Boot contributors
 */
public class SecurityContextChannelCallScope implements ChannelCallScope {

	private static final Log logger = LogFactory.getLog(SecurityContextChannelCallScope.class);

	private final CableAuthenticationMapper mapper;

	private final @Nullable UserDetailsService userDetailsService;

	private final CableJson json;

	private SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * Create a scope.
	 * @param mapper maps identifiers to a user name
	 * @param userDetailsService loads users, {@code null} to use the authorities of the
	 * connection state
	 * @param json reads the connection state
	 */
	public SecurityContextChannelCallScope(CableAuthenticationMapper mapper,
			@Nullable UserDetailsService userDetailsService, CableJson json) {
		this.mapper = mapper;
		this.userDetailsService = userDetailsService;
		this.json = json;
	}

	/**
	 * Set the strategy the context is held by, as Spring Security's filters take it.
	 * @param strategy the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		this.strategy = strategy;
	}

	@Override
	public Scope open(CableIdentifiers identifiers, CableState connectionState, CableRequest request) {
		SecurityContext previous = this.strategy.getContext();
		SecurityContext context = this.strategy.createEmptyContext();
		context.setAuthentication(authentication(identifiers, connectionState));
		this.strategy.setContext(context);
		return () -> {
			if (previous.getAuthentication() == null) {
				this.strategy.clearContext();
			}
			else {
				this.strategy.setContext(previous);
			}
		};
	}

	private @Nullable Authentication authentication(CableIdentifiers identifiers, CableState connectionState) {
		String username = this.mapper.username(identifiers);
		if (username == null) {
			return null;
		}
		UserDetails user;
		if (this.userDetailsService != null) {
			try {
				user = this.userDetailsService.loadUserByUsername(username);
			}
			catch (UsernameNotFoundException ex) {
				logger.debug("The user of a connection is gone; the call runs unauthenticated");
				return null;
			}
		}
		else {
			user = User.withUsername(username).password("").authorities(authorities(connectionState)).build();
		}
		return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
	}

	private String[] authorities(CableState connectionState) {
		String stored = connectionState.get(SpringSecurityCableConnectionFactory.AUTHORITIES_STATE_KEY).orElse(null);
		if (stored == null || stored.isEmpty()) {
			return new String[0];
		}
		List<String> authorities = this.json.read(stored,
				this.json.mapper().getTypeFactory().constructCollectionType(List.class, String.class),
				"authorities of the connection state");
		return AuthorityUtils.authorityListToSet(AuthorityUtils.createAuthorityList(authorities))
			.toArray(new String[0]);
	}

}
