package io.anycable.spring.conformance.support;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.anycable.spring.conformance.support.broadcast.ConformanceBroadcastTarget;
import io.anycable.spring.testsupport.CableClient;
import io.anycable.spring.testsupport.FreePorts;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The JUnit 5 side of the suite: per test class, a real anycable-go started with the
 * class's flags, talking gRPC over loopback to a Spring Boot application (one per
 * application class, shared by every test class that uses it and closed at the end of the
 * run).
 * <p>
 * anycable-go is always stopped after the class, even on failure. When a test fails, the
 * anycable-go log and the transcripts of the clients the test opened are attached to the
 * failure (as suppressed exceptions, so they show in the report) and printed. Clients
 * opened through {@link #client(String)} are closed after each test.
 * <p>
 * With {@code -D}{@value #SERVER_PROPERTY}{@code =embedded} the server under test is the
 * application's own Action Cable endpoint ({@code anycable.embedded.enabled}) instead of
 * anycable-go: each test class gets its own web application, clients connect to it,
 * {@code --headers} becomes {@code anycable.embedded.headers}, RPC calls are recorded at
 * the handler, and broadcasts go through the starter's {@code CableBroadcaster}, which
 * delivers in-process. Tests that exercise anycable-go itself are tagged
 * {@value #ANYCABLE_GO_ONLY} and left out of that run.
 *
 * <pre>
 * &#64;RegisterExtension
 * static ConformanceEnvironment env = ConformanceEnvironment.of(LowLevelConformanceApp.class, "--headers=cookie");
 * </pre>
 */
public final class ConformanceEnvironment implements BeforeAllCallback, AfterAllCallback, AfterEachCallback,
		TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(ConformanceEnvironment.class);

	/**
	 * System property naming the server under test: {@code anycable-go} (the default) or
	 * {@code embedded}.
	 */
	public static final String SERVER_PROPERTY = "anycable.conformance.server";

	/**
	 * Tag of the tests that exercise anycable-go itself, which the embedded run leaves
	 * out.
	 */
	public static final String ANYCABLE_GO_ONLY = "anycable-go-only";

	private static final String HEADERS_FLAG = "--headers=";

	private final Class<?> applicationClass;

	private final List<String> flags;

	private ConformanceBroadcastTarget transport;

	private volatile io.anycable.spring.conformance.support.broadcast.BroadcastPublisher publisher;

	private final java.util.Map<String, String> processEnv = new java.util.LinkedHashMap<>();

	private final List<String> properties = new ArrayList<>();

	private final List<CableClient> clients = new CopyOnWriteArrayList<>();

	private final List<AnyCableGoServer> extraServers = new CopyOnWriteArrayList<>();

	private volatile RunningApplication application;

	private volatile RunningApplication ownedApplication;

	private volatile AnyCableGoServer server;

	private volatile int embeddedPort;

	private ConformanceEnvironment(Class<?> applicationClass, List<String> flags) {
		this.applicationClass = applicationClass;
		this.flags = new ArrayList<>(flags);
	}

	/**
	 * Publish through a broadcast transport: it is started first, its application
	 * properties select the application instance (one per distinct set), its anycable-go
	 * flags are added, and after the start a publisher is created ({@link #publisher()})
	 * and registered for the application's own broadcasts.
	 * @param transport the transport
	 * @return this extension
	 */
	public ConformanceEnvironment broadcastVia(ConformanceBroadcastTarget transport) {
		this.transport = transport;
		return this;
	}

	/**
	 * Return the transport given to {@link #broadcastVia}.
	 * @return the transport, {@code null} if none
	 */
	public ConformanceBroadcastTarget transport() {
		return this.transport;
	}

	/**
	 * Return the publisher of the transport given to {@link #broadcastVia}.
	 * @return the publisher
	 */
	public io.anycable.spring.conformance.support.broadcast.BroadcastPublisher publisher() {
		if (this.publisher == null) {
			throw new IllegalStateException("No broadcast transport: call broadcastVia(...) on the extension");
		}
		return this.publisher;
	}

	/**
	 * Create an environment.
	 * @param applicationClass the Spring Boot application (configuration) class serving
	 * the RPC
	 * @param flags anycable-go flags for this test class
	 * @return the extension
	 */
	public static ConformanceEnvironment of(Class<?> applicationClass, String... flags) {
		return new ConformanceEnvironment(applicationClass, List.of(flags));
	}

	/**
	 * Start this class's own application instance with extra properties.
	 * @param properties {@code name=value} pairs
	 * @return this extension
	 */
	public ConformanceEnvironment withProperties(String... properties) {
		this.properties.addAll(List.of(properties));
		return this;
	}

	/**
	 * Add an environment variable to anycable-go's environment.
	 * @param name the name
	 * @param value the value
	 * @return this extension
	 */
	public ConformanceEnvironment withEnv(String name, String value) {
		this.processEnv.put(name, value);
		return this;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		List<String> properties = new ArrayList<>(this.properties);
		if (this.transport != null) {
			this.transport.start();
			properties.addAll(this.transport.applicationProperties());
		}
		if (isEmbedded()) {
			startEmbedded(properties);
			return;
		}
		if (properties.isEmpty()) {
			this.application = context.getRoot()
				.getStore(NAMESPACE)
				.getOrComputeIfAbsent(this.applicationClass, RunningApplication::start, RunningApplication.class);
		}
		else {
			// configured for this class's transport: owned by the class
			this.application = RunningApplication.start(this.applicationClass, properties.toArray(new String[0]));
			this.ownedApplication = this.application;
		}
		List<String> flags = new ArrayList<>();
		if (this.transport != null) {
			flags.addAll(this.transport.anycableGoFlags());
		}
		flags.addAll(this.flags);
		this.server = AnyCableGoServer.start(context.getRequiredTestClass().getSimpleName(), this.application.rpcHost(),
				flags, this.processEnv);
		if (this.transport != null) {
			this.publisher = this.transport.publisher(this.server, this.application.context());
			io.anycable.spring.conformance.support.broadcast.Publishers.register(this.server.port(), this.publisher);
		}
	}

	/**
	 * Return whether this run tests the embedded server instead of anycable-go.
	 * @return {@code true} with {@code -Danycable.conformance.server=embedded}
	 */
	public static boolean isEmbedded() {
		return "embedded".equals(System.getProperty(SERVER_PROPERTY));
	}

	// the application serves the WebSockets itself; anycable-go flags with an embedded
	// equivalent are mapped
	private void startEmbedded(List<String> properties) {
		properties.add("anycable.embedded.enabled=true");
		for (String flag : this.flags) {
			if (flag.startsWith(HEADERS_FLAG)) {
				properties.add("anycable.embedded.headers=" + flag.substring(HEADERS_FLAG.length()));
			}
		}
		this.application = RunningApplication.startWeb(this.applicationClass, properties.toArray(new String[0]));
		this.ownedApplication = this.application;
		this.embeddedPort = this.application.webPort();
		if (this.transport != null) {
			this.publisher = this.transport.publisher(null, this.application.context());
			io.anycable.spring.conformance.support.broadcast.Publishers.register(this.embeddedPort, this.publisher);
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		for (CableClient client : this.clients) {
			client.close();
		}
		this.clients.clear();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		List<AutoCloseable> closeables = new ArrayList<>(this.extraServers);
		if (this.publisher != null) {
			io.anycable.spring.conformance.support.broadcast.Publishers
				.unregister((this.server != null) ? this.server.port() : this.embeddedPort);
			closeables.add(this.publisher);
		}
		closeables.add(this.server);
		if (this.ownedApplication != null) {
			closeables.add(this.ownedApplication);
			this.ownedApplication = null;
		}
		if (this.transport != null) {
			closeables.add(this.transport);
		}
		this.extraServers.clear();
		for (AutoCloseable closeable : closeables) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// keep closing the others
				}
			}
		}
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw attachDiagnostics(context, throwable);
	}

	@Override
	public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
			throws Throwable {
		throw attachDiagnostics(context, throwable);
	}

	@Override
	public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
			throws Throwable {
		throw attachDiagnostics(context, throwable);
	}

	private Throwable attachDiagnostics(ExtensionContext context, Throwable throwable) {
		StringBuilder text = new StringBuilder();
		text.append("===== conformance diagnostics for ").append(context.getDisplayName()).append(" =====\n");
		for (CableClient client : this.clients) {
			text.append(client.transcript()).append('\n');
		}
		List<AnyCableGoServer> servers = new ArrayList<>(this.extraServers);
		if (this.server != null) {
			servers.add(0, this.server);
		}
		for (AnyCableGoServer each : servers) {
			text.append(each.formattedLog()).append('\n');
		}
		RpcRecorder recorder = (this.application != null) ? this.application.recorder() : null;
		if (recorder != null) {
			List<RpcRecorder.Call> calls = recorder.calls();
			List<RpcRecorder.Call> last = calls.subList(Math.max(0, calls.size() - 40), calls.size());
			text.append("----- last ")
				.append(last.size())
				.append(" RPC calls seen by the Java server -----\n")
				.append(RpcRecorder.describe(last))
				.append('\n');
		}
		String diagnostics = text.toString();
		System.err.println(diagnostics);
		try (PrintWriter out = ConformanceFiles.logWriter(
				context.getRequiredTestClass().getSimpleName() + "-" + context.getDisplayName() + ".failure.log")) {
			out.println(diagnostics);
		}
		throwable.addSuppressed(new Diagnostics(diagnostics));
		return throwable;
	}

	/**
	 * Return the running anycable-go of this class.
	 * @return the server
	 */
	public AnyCableGoServer server() {
		return this.server;
	}

	/**
	 * Return the HTTP URL of the server under test (anycable-go, or the application with
	 * the embedded server), as the RPC handler sees it in {@code env.url}.
	 * @param pathAndQuery e.g. {@code /cable?uid=1}
	 * @return the URL
	 */
	public String httpUrl(String pathAndQuery) {
		return isEmbedded() ? "http://127.0.0.1:" + this.embeddedPort + pathAndQuery
				: this.server.httpUrl(pathAndQuery);
	}

	/**
	 * Start another anycable-go for this class (stopped after the class), e.g. one
	 * pointing at an RPC address where nothing listens.
	 * @param name a name for logs
	 * @param rpcHost its {@code --rpc_host}
	 * @param flags its flags
	 * @return the server
	 */
	public AnyCableGoServer startExtraServer(String name, String rpcHost, String... flags) {
		AnyCableGoServer extra = AnyCableGoServer.start(name, rpcHost, List.of(flags), this.processEnv);
		this.extraServers.add(extra);
		return extra;
	}

	/**
	 * Return the gRPC address of the Spring application.
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String rpcHost() {
		return this.application.rpcHost();
	}

	/**
	 * Return the Spring context.
	 * @return the context
	 */
	public ConfigurableApplicationContext context() {
		return this.application.context();
	}

	/**
	 * Return a bean of the application.
	 * @param <T> the type
	 * @param type the type
	 * @return the bean
	 */
	public <T> T bean(Class<T> type) {
		return this.application.context().getBean(type);
	}

	/**
	 * Return the RPC call recorder.
	 * @return the recorder
	 */
	public RpcRecorder rpc() {
		return this.application.recorder();
	}

	/**
	 * Start building a client of this class's anycable-go; it is closed after the test.
	 * @param pathAndQuery e.g. {@code /cable?uid=1}
	 * @return the builder
	 */
	public ClientBuilder client(String pathAndQuery) {
		if (isEmbedded()) {
			return new ClientBuilder(URI.create("ws://127.0.0.1:" + this.embeddedPort + pathAndQuery));
		}
		return client(this.server, pathAndQuery);
	}

	/**
	 * Start building a client of a given anycable-go; it is closed after the test.
	 * @param target the server
	 * @param pathAndQuery e.g. {@code /cable?uid=1}
	 * @return the builder
	 */
	public ClientBuilder client(AnyCableGoServer target, String pathAndQuery) {
		return new ClientBuilder(target.ws(pathAndQuery));
	}

	/**
	 * A {@link CableClient.Builder} whose clients are closed after the test.
	 */
	public final class ClientBuilder {

		private final CableClient.Builder builder;

		private ClientBuilder(URI uri) {
			this.builder = CableClient.to(uri);
		}

		public ClientBuilder name(String name) {
			this.builder.name(name);
			return this;
		}

		public ClientBuilder header(String name, String value) {
			this.builder.header(name, value);
			return this;
		}

		public ClientBuilder cookie(String cookie) {
			this.builder.cookie(cookie);
			return this;
		}

		/**
		 * Set {@code X-Request-ID}, which anycable-go uses as the session id.
		 * @param sid the session id
		 * @return this builder
		 */
		public ClientBuilder sid(String sid) {
			this.builder.header("X-Request-ID", sid);
			return this;
		}

		public ClientBuilder extended() {
			this.builder.extended();
			return this;
		}

		public ClientBuilder subprotocols(String... protocols) {
			this.builder.subprotocols(protocols);
			return this;
		}

		public ClientBuilder keepPings() {
			this.builder.keepPings();
			return this;
		}

		public CableClient connect() {
			CableClient client = this.builder.connect();
			ConformanceEnvironment.this.clients.add(client);
			return client;
		}

	}

	/**
	 * The diagnostics attached to a failed test.
	 */
	static final class Diagnostics extends RuntimeException {

		Diagnostics(String text) {
			super(text, null, false, false);
		}

	}

	/**
	 * A running Spring Boot application serving {@code anycable.RPC} on a free loopback
	 * port.
	 */
	public static final class RunningApplication implements ExtensionContext.Store.CloseableResource, AutoCloseable {

		private final ConfigurableApplicationContext context;

		private final String rpcHost;

		private RunningApplication(ConfigurableApplicationContext context, String rpcHost) {
			this.context = context;
			this.rpcHost = rpcHost;
		}

		static RunningApplication start(Class<?> applicationClass) {
			return start(applicationClass, new String[0]);
		}

		/**
		 * Start an application on a free port.
		 * @param applicationClass the application class
		 * @param properties extra properties as {@code key=value} (passed as command-line
		 * arguments, so they win over the starter's defaults)
		 * @return the running application; close it
		 */
		public static RunningApplication start(Class<?> applicationClass, String... properties) {
			return start(applicationClass, false, properties);
		}

		/**
		 * Start a web application on free ports, whose calls to the RPC handler are
		 * recorded in-process (for the embedded server).
		 * @param applicationClass the application class
		 * @param properties extra properties as {@code key=value}
		 * @return the running application; close it
		 */
		public static RunningApplication startWeb(Class<?> applicationClass, String... properties) {
			return start(applicationClass, true, properties);
		}

		private static RunningApplication start(Class<?> applicationClass, boolean web, String... properties) {
			RuntimeException failure = null;
			for (int attempt = 0; attempt < 3; attempt++) {
				String rpcHost = "127.0.0.1:" + FreePorts.find();
				try {
					SpringApplicationBuilder builder = new SpringApplicationBuilder(applicationClass)
						.web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
						.properties("anycable.rpc-host=" + rpcHost, "spring.main.banner-mode=off",
								"logging.level.io.anycable=DEBUG", "server.address=127.0.0.1", "server.port=0");
					if (web) {
						builder.initializers((context) -> context.getBeanFactory()
							.addBeanPostProcessor(new InProcessRpcRecording(context.getBeanFactory())));
					}
					ConfigurableApplicationContext context = builder.run(java.util.Arrays.stream(properties)
						.map((property) -> "--" + property)
						.toArray(String[]::new));
					return new RunningApplication(context, rpcHost);
				}
				catch (RuntimeException ex) {
					failure = ex;
				}
			}
			throw failure;
		}

		public String rpcHost() {
			return this.rpcHost;
		}

		/**
		 * Return the port of the web server (started by {@link #startWeb}).
		 * @return the port
		 */
		public int webPort() {
			return ((org.springframework.boot.web.context.WebServerApplicationContext) this.context).getWebServer()
				.getPort();
		}

		public ConfigurableApplicationContext context() {
			return this.context;
		}

		public RpcRecorder recorder() {
			return this.context.getBeanProvider(RpcRecorder.class).getIfAvailable();
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

}
