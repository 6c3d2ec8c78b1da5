package io.anycable.bench.app;

import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The benchmark application: our starter as a user would use it, with one channel
 * ({@link BenchmarkChannel}) and a connection factory that identifies clients by the
 * {@code uid} query parameter. Started by {@code bench/run.sh}; the gRPC address comes
 * from {@code anycable.rpc-host}, and broadcasts go through the auto-configured
 * {@code CableBroadcaster} (redis adapter, {@code anycable.redis-url}).
 */
@SpringBootApplication
public class BenchApplication {

	@Bean
	CableConnectionFactory benchConnectionFactory() {
		return (request) -> CableConnection.accept(java.util.Map.of("uid", request.param("uid").orElse("anonymous")));
	}

	public static void main(String[] args) {
		SpringApplication.run(BenchApplication.class, args);
	}

}
