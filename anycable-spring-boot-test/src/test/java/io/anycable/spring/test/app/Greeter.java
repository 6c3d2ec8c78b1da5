package io.anycable.spring.test.app;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A collaborator of a channel: not part of the slice, so slice tests import it.
 */
@Component
public class Greeter {

	private final String greeting;

	Greeter(@Value("${greeting:hello}") String greeting) {
		this.greeting = greeting;
	}

	public String greet(String user) {
		return this.greeting + ", " + user;
	}

}
