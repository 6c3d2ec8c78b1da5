package io.anycable.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code anycable.rpc-host} into the gRPC server's address and port, and sets keepalive defaults
 * anycable-go needs (it pings every 10 s, also between calls; grpc-java's defaults would answer that
 * with GOAWAY "too_many_pings"). The values are added with the lowest precedence, so any
 * {@code grpc.server.*} the user sets wins.
 *
 * @author AnyCable Spring Boot contributors
 */
public class AnyCableEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source this post-processor adds. */
	public static final String PROPERTY_SOURCE_NAME = "anycableGrpcServerDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("anycable.enabled", Boolean.class).orElse(true)) {
			return;
		}
		String rpcHost = binder.bind("anycable.rpc-host", String.class).orElse("127.0.0.1:50051");
		RpcHostAddress address = RpcHostAddress.parse(rpcHost);
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("grpc.server.address", address.host());
		defaults.put("grpc.server.port", address.port());
		defaults.put("grpc.server.permit-keep-alive-time", "5s");
		defaults.put("grpc.server.permit-keep-alive-without-calls", true);
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
