package io.anycable.spring.test.secured;

import java.security.Principal;

import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;

import org.springframework.security.access.prepost.PreAuthorize;

@AnyCableChannel("AdminChannel")
class AdminChannel {

	@Action
	String whoami(Principal principal) {
		return (principal != null) ? principal.getName() : "nobody";
	}

	@Action
	@PreAuthorize("hasRole('ADMIN')")
	String purge() {
		return "purged";
	}

}
