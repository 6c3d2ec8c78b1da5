package io.anycable.spring.security;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.channel.ChannelCallScope.Scope;
import io.anycable.spring.connection.CableIdentifiers;
import io.anycable.spring.connection.CableRequest;
import io.anycable.spring.connection.CableState;
import io.anycable.spring.support.CableJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityContextChannelCallScopeTests {

	private static final CableJson JSON = new CableJson(new ObjectMapper());

	private static final CableIdentifiers JANE = CableIdentifiers.of(Map.of("user", "jane"));

	private static final CableRequest REQUEST = CableRequest.of("http://localhost/cable", Map.of());

	private final InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
			User.withUsername("jane").password("{noop}x").roles("EDITOR").build());

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void theUserDetailsServiceGivesTheUsersAuthoritiesAsTheyAreNow() {
		SecurityContextChannelCallScope scope = new SecurityContextChannelCallScope(
				CableAuthenticationMapper.byName("user"), this.users, JSON);
		try (Scope opened = scope.open(JANE, stateWith("[\"ROLE_USER\"]"), REQUEST)) {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			assertThat(authentication.getName()).isEqualTo("jane");
			assertThat(AuthorityUtils.authorityListToSet(authentication.getAuthorities()))
				.containsExactly("ROLE_EDITOR");
		}
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@Test
	void withoutAUserDetailsServiceTheAuthoritiesOfConnectAreUsed() {
		SecurityContextChannelCallScope scope = new SecurityContextChannelCallScope(
				CableAuthenticationMapper.byName("user"), null, JSON);
		try (Scope opened = scope.open(JANE, stateWith("[\"ROLE_USER\",\"SCOPE_chat\"]"), REQUEST)) {
			assertThat(AuthorityUtils
				.authorityListToSet(SecurityContextHolder.getContext().getAuthentication().getAuthorities()))
				.containsExactlyInAnyOrder("ROLE_USER", "SCOPE_chat");
		}
	}

	@Test
	void aUserWhoIsGoneRunsUnauthenticated() {
		SecurityContextChannelCallScope scope = new SecurityContextChannelCallScope(
				CableAuthenticationMapper.byName("user"), this.users, JSON);
		try (Scope opened = scope.open(CableIdentifiers.of(Map.of("user", "ghost")), CableState.of(Map.of()),
				REQUEST)) {
			assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
		}
	}

	@Test
	void theContextOfTheCallingThreadComesBackAfterTheCall() {
		TestingAuthenticationToken outer = new TestingAuthenticationToken("outer", null);
		SecurityContextHolder.setContext(new SecurityContextImpl(outer));
		SecurityContextChannelCallScope scope = new SecurityContextChannelCallScope(
				CableAuthenticationMapper.byName("user"), this.users, JSON);
		try (Scope opened = scope.open(JANE, CableState.of(Map.of()), REQUEST)) {
			assertThat(SecurityContextHolder.getContext().getAuthentication().getName()).isEqualTo("jane");
		}
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isSameAs(outer);
	}

	private static CableState stateWith(String authorities) {
		return CableState.of(Map.of(SpringSecurityCableConnectionFactory.AUTHORITIES_STATE_KEY, authorities));
	}

}
