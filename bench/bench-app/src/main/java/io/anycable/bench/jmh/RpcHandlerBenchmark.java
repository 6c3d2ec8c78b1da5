package io.anycable.bench.jmh;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.anycable.bench.app.BenchmarkChannel;
import io.anycable.spring.broadcast.BroadcastOptions;
import io.anycable.spring.broadcast.CableBroadcaster;
import io.anycable.spring.channel.internal.ChannelConnectionFactory;
import io.anycable.spring.channel.internal.ChannelRegistry;
import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.protocol.JsonStrings;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.RpcMetadata;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.Env;
import io.anycable.spring.rpc.proto.Status;
import io.anycable.spring.support.CableJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The in-JVM path of one RPC: protobuf decode, {@link AnyCableRpcHandler} (request
 * parsing, channel dispatch through a real {@link ChannelRegistry}, the action), protobuf
 * encode. {@code *Floor} benchmarks do decode and encode of the same messages with a
 * canned answer, like the bare server: the difference is what our framework costs per
 * call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m", "-XX:+UseParallelGC" })
public class RpcHandlerBenchmark {

	static final String IDENTIFIER = "{\"channel\":\"BenchmarkChannel\"}";

	static final RpcMetadata METADATA = new RpcMetadata("sid-1", "v1");

	private AnnotationConfigApplicationContext context;

	private AnyCableRpcHandler handler;

	private byte[] echo;

	private byte[] subscribe;

	private byte[] connect;

	@Setup(Level.Trial)
	public void setUp() {
		CableJson json = new CableJson(JsonMapper.builder().findAndAddModules().build());
		CableConnectionFactory connections = (request) -> CableConnection
			.accept(java.util.Map.of("uid", request.param("uid").orElse("anonymous")));
		this.context = new AnnotationConfigApplicationContext();
		this.context.registerBean(CableJson.class, () -> json);
		this.context.registerBean(CableBroadcaster.class, NoBroadcasts::new);
		this.context.registerBean(BenchmarkChannel.class);
		this.context.registerBean(ChannelRegistry.class, () -> new ChannelRegistry(json));
		this.context.refresh();
		ChannelRegistry registry = this.context.getBean(ChannelRegistry.class);
		this.handler = new AnyCableRpcHandler(new ChannelConnectionFactory(registry, connections, json), json);
		Env env = Env.newBuilder()
			.setUrl("http://localhost:8080/cable?uid=1")
			.putHeaders("cookie", "uid=1")
			.putHeaders("REMOTE_ADDR", "127.0.0.1")
			.build();
		this.echo = CommandMessage.newBuilder()
			.setCommand("message")
			.setIdentifier(IDENTIFIER)
			.setConnectionIdentifiers("{\"uid\":\"1\"}")
			.setData("{\"action\":\"echo\",\"message\":\"hey\"}")
			.setEnv(env)
			.build()
			.toByteArray();
		this.subscribe = CommandMessage.newBuilder()
			.setCommand("subscribe")
			.setIdentifier(IDENTIFIER)
			.setConnectionIdentifiers("{\"uid\":\"1\"}")
			.setEnv(env)
			.build()
			.toByteArray();
		this.connect = ConnectionRequest.newBuilder().setEnv(env).build().toByteArray();
		CommandResponse check = this.handler.command(parse(this.echo), METADATA);
		if (check.getStatus() != Status.SUCCESS || check.getTransmissionsCount() != 1) {
			throw new IllegalStateException("echo does not answer: " + check);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
	}

	@Benchmark
	public byte[] commandEcho() {
		return this.handler.command(parse(this.echo), METADATA).toByteArray();
	}

	@Benchmark
	public byte[] commandSubscribe() {
		return this.handler.command(parse(this.subscribe), METADATA).toByteArray();
	}

	@Benchmark
	public byte[] connect() throws InvalidProtocolBufferException {
		return this.handler.connect(ConnectionRequest.parseFrom(this.connect), METADATA).toByteArray();
	}

	@Benchmark
	public byte[] commandEchoFloor() {
		CommandMessage request = parse(this.echo);
		return CommandResponse.newBuilder()
			.setStatus(Status.SUCCESS)
			.addTransmissions(
					"{\"identifier\":" + quote(request.getIdentifier()) + ",\"message\":" + request.getData() + "}")
			.build()
			.toByteArray();
	}

	@Benchmark
	public byte[] connectFloor() throws InvalidProtocolBufferException {
		ConnectionRequest.parseFrom(this.connect);
		return ConnectionResponse.newBuilder()
			.setStatus(Status.SUCCESS)
			.setIdentifiers("{\"uid\":\"1\"}")
			.addTransmissions("{\"type\":\"welcome\",\"sid\":\"" + METADATA.sid() + "\"}")
			.build()
			.toByteArray();
	}

	static final class NoBroadcasts implements CableBroadcaster {

		@Override
		public void broadcast(String stream, Object payload, BroadcastOptions options) {
		}

		@Override
		public void disconnect(String identifiersJson, boolean reconnect) {
		}

	}

	private static CommandMessage parse(byte[] bytes) {
		try {
			return CommandMessage.parseFrom(bytes);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String quote(String value) {
		return JsonStrings.quote(value);
	}

}
