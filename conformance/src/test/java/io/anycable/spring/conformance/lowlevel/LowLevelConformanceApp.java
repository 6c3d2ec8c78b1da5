package io.anycable.spring.conformance.lowlevel;

import io.anycable.spring.conformance.support.RpcRecorder;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application of the Connect scenarios: the starter's auto-configuration with a user
 * {@link io.anycable.spring.connection.SocketConnectionFactory} bean (the low-level SPI),
 * which replaces the built-in channel framework. No component scanning: only the imported
 * beans exist.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ScriptedConnectionFactory.class, RpcRecorder.class })
public class LowLevelConformanceApp {

}
