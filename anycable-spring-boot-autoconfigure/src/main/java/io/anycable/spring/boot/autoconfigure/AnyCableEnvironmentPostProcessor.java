package io.anycable.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.DefaultPropertiesPropertySource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * Turns {@code anycable.rpc-host} into the gRPC server's address and port, and sets
 * keepalive defaults anycable-go needs (it pings every 10 s, also between calls;
 * grpc-java's defaults would answer that with GOAWAY "too_many_pings"). The values have
 * the lowest precedence, so any {@code grpc.server.*} the user sets wins, also through
 * default properties. An {@code anycable.rpc-host} without a host ({@code :50051}) binds
 * every interface, with a warning.
 * <p>
 * With the embedded server ({@code anycable.embedded.enabled} in a servlet application
 * with Spring WebSocket) clients are answered in-process, so the gRPC server is off
 * ({@code grpc.server.port=-1}) unless {@code anycable.rpc-host},
 * {@code grpc.server.address} or {@code grpc.server.port} is set.
 *
 * @author AnyCable Spring Boot contributors
 */
public class AnyCableEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String WEB_SOCKET_CONFIGURER = "org.springframework.web.socket.config.annotation.WebSocketConfigurer";

	private final Log logger;

	/**
	 * Create the post-processor.
	 * @param logFactory holds log messages until logging is initialized
	 */
	public AnyCableEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(AnyCableEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("anycable.enabled", Boolean.class).orElse(true)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (servesEmbeddedOnly(binder, application)) {
			this.logger.info("The gRPC server for anycable-go is off: the embedded server (anycable.embedded.enabled) "
					+ "answers clients in-process. Set anycable.rpc-host (e.g. 127.0.0.1:50051) to serve anycable-go "
					+ "as well.");
			defaults.put("grpc.server.port", -1);
		}
		else {
			String rpcHost = binder.bind("anycable.rpc-host", String.class).orElse("127.0.0.1:50051");
			RpcHostAddress address = RpcHostAddress.parse(rpcHost);
			if (address.hostOmitted() && !environment.containsProperty("grpc.server.address")) {
				warnAboutEveryInterface(rpcHost.trim(), address.port());
			}
			defaults.put("grpc.server.address", address.host());
			defaults.put("grpc.server.port", address.port());
		}
		defaults.put("grpc.server.permit-keep-alive-time", "5s");
		defaults.put("grpc.server.permit-keep-alive-without-calls", true);
		addUnderDefaultProperties(defaults, environment.getPropertySources());
	}

	// mirrors the conditions of AnyCableEmbeddedAutoConfiguration: when the embedded
	// server cannot run, the gRPC server stays on
	private static boolean servesEmbeddedOnly(Binder binder, SpringApplication application) {
		boolean embedded = binder.bind("anycable.embedded.enabled", Boolean.class).orElse(false)
				&& application.getWebApplicationType() == WebApplicationType.SERVLET
				&& ClassUtils.isPresent(WEB_SOCKET_CONFIGURER, application.getClassLoader());
		boolean rpcServerAskedFor = binder.bind("anycable.rpc-host", String.class).isBound()
				|| binder.bind("grpc.server.address", String.class).isBound()
				|| binder.bind("grpc.server.port", Integer.class).isBound();
		return embedded && !rpcServerAskedFor;
	}

	// Go's net.Listen(":50051") binds every interface too, but someone who copies
	// anycable-go's flag style
	// rarely means to open the RPC port to the network, and gRPC carries no credentials
	private void warnAboutEveryInterface(String rpcHost, int port) {
		this.logger.warn("anycable.rpc-host '" + rpcHost + "' has no host, so the RPC server listens on every network "
				+ "interface: whatever reaches this machine on port " + port
				+ " can call Connect and Command as anycable-go would (gRPC carries no credentials). Set "
				+ "anycable.rpc-host=127.0.0.1:" + port + " when anycable-go runs on this machine, the address of a "
				+ "private interface otherwise, or anycable.rpc-host=0.0.0.0:" + port
				+ " to listen on every interface on purpose (and firewall the port).");
	}

	// Boot moves the application's default properties
	// (SpringApplication#setDefaultProperties,
	// SpringApplicationBuilder#properties) below every source once post-processors ran,
	// so ours are merged
	// into them, theirs taking precedence
	private static void addUnderDefaultProperties(Map<String, Object> values, MutablePropertySources sources) {
		Map<String, Object> merged = new LinkedHashMap<>(values);
		PropertySource<?> existing = sources.get(DefaultPropertiesPropertySource.NAME);
		if (existing == null) {
			sources.addLast(new DefaultPropertiesPropertySource(merged));
		}
		else if (existing.getSource() instanceof Map<?, ?> map) {
			map.forEach((key, value) -> merged.put(String.valueOf(key), value));
			sources.replace(DefaultPropertiesPropertySource.NAME, new DefaultPropertiesPropertySource(merged));
		}
		else {
			sources.addLast(new MapPropertySource("anycableGrpcServerDefaults", values));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
