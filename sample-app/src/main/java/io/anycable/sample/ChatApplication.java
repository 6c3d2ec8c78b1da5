package io.anycable.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A chat: rooms are channel parameters, users come from a cookie or {@code ?user=},
 * messages are broadcast to the room, typing notices are whispered between clients.
 */
@SpringBootApplication
public class ChatApplication {

	public static void main(String[] args) {
		SpringApplication.run(ChatApplication.class, args);
	}

}
