package io.anycable.spring.test.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small application the test support is tried on, laid out like a user's.
 */
@SpringBootApplication
public class TestChatApplication {

}
