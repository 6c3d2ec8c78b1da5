package io.anycable.spring.test.secured;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.session.MapSessionRepository;

/**
 * An application that authenticates its clients with Spring Security only: no connection
 * factory of its own.
 */
@SpringBootApplication
@EnableMethodSecurity
class SecuredApplication {

	@Bean
	MapSessionRepository sessionRepository() {
		return new MapSessionRepository(new ConcurrentHashMap<>());
	}

}
