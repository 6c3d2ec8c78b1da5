package io.anycable.spring.rpc.grpc;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.Message;
import io.anycable.spring.channel.ChannelHandle;
import io.anycable.spring.channel.annotation.Action;
import io.anycable.spring.channel.annotation.AnyCableChannel;
import io.anycable.spring.channel.annotation.ChannelParam;
import io.anycable.spring.channel.annotation.OnSubscribe;
import io.anycable.spring.connection.CableConnection;
import io.anycable.spring.connection.CableConnectionFactory;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.rpc.proto.Env;
import io.anycable.spring.rpc.proto.RPCGrpc;
import io.anycable.spring.rpc.proto.Status;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import io.anycable.spring.channel.annotation.Payload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 random and malformed requests, reproducible from a fixed seed, through the
 * auto-configured server and the channel framework over an in-process channel: raw random
 * bytes, mutated valid messages, and valid messages with random field values and random
 * JSON. Every call ends with a response whose status is SUCCESS, FAILURE or ERROR, or
 * with INVALID_ARGUMENT; no exception escapes to a thread or grpc-java's executors; the
 * heap used after a full GC does not grow between the 10,000th and the last request.
 */
@ExtendWith(OutputCaptureExtension.class)
class AnyCableGrpcFuzzTests {

	private static final long SEED = 20261130L;

	private static final int REQUESTS = 100_000;

	private static final int IN_FLIGHT = 32;

	private static final String[] CHANNELS = { "FuzzChannel", "Unknown", "", "fuzz" };

	private static final String[] COMMANDS = { "subscribe", "unsubscribe", "message", "whisper", "", "SUBSCRIBE" };

	private static final String[] ACTIONS = { "echo", "count", "missing", "" };

	@Test
	void randomAndMalformedRequestsAllGetAValidAnswerWithoutLeaking(CapturedOutput output) throws Exception {
		ConcurrentLinkedQueue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
		Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();
		Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> uncaught.add(ex));
		String name = InProcessServerBuilder.generateName();
		SpringApplication application = new SpringApplication(Config.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		long started = System.nanoTime();
		try (ConfigurableApplicationContext context = application.run("--grpc.server.in-process-name=" + name,
				"--grpc.server.port=-1",
				// refusals of bad requests and failures of the channels they reach are
				// logged by design, and
				// held in memory by the output capture; what must not appear is logged by
				// grpc-java or the service
				"--logging.level.io.anycable.spring.rpc.AnyCableRpcHandler=off",
				"--logging.level.io.anycable.spring.channel=off")) {
			ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
			try {
				Fuzzer fuzzer = new Fuzzer(channel, new Random(SEED));
				fuzzer.send(10_000);
				long heapAt10k = usedHeapAfterGc();
				fuzzer.send(REQUESTS - 10_000);
				long heapAtEnd = usedHeapAfterGc();
				System.out.printf("Fuzz: %d requests in %d ms, %s; used heap after GC %d KiB at 10k, %d KiB at %dk%n",
						REQUESTS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), fuzzer.outcomes(),
						heapAt10k / 1024, heapAtEnd / 1024, REQUESTS / 1000);
				assertThat(fuzzer.invalid).as("answers outside the contract").isEmpty();
				assertThat(fuzzer.answered.get()).isEqualTo(REQUESTS);
				assertThat(fuzzer.invalidArgument.get()).as("malformed requests refused").isPositive();
				assertThat(fuzzer.byStatus[Status.ERROR.ordinal()].get()).isPositive();
				assertThat(fuzzer.byStatus[Status.SUCCESS.ordinal()].get()).isPositive();
				assertThat(heapAtEnd - heapAt10k).as("heap growth from 10k to 100k requests").isLessThan(32L << 20);
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
		finally {
			Thread.setDefaultUncaughtExceptionHandler(previousHandler);
		}
		assertThat(uncaught).isEmpty();
		assertThat(output.getAll()).doesNotContain("Exception while executing runnable", "failed unexpectedly",
				"Exception in thread");
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(50);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Sends requests with a bounded number in flight and checks each answer.
	 */
	private static final class Fuzzer {

		private final ManagedChannel channel;

		private final Random random;

		private final List<MethodDescriptor<byte[], ? extends Message>> methods;

		private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

		final AtomicLong answered = new AtomicLong();

		final AtomicLong invalidArgument = new AtomicLong();

		final AtomicLong[] byStatus = { new AtomicLong(), new AtomicLong(), new AtomicLong() };

		final ConcurrentLinkedQueue<String> invalid = new ConcurrentLinkedQueue<>();

		Fuzzer(ManagedChannel channel, Random random) {
			this.channel = channel;
			this.random = random;
			this.methods = List.of(raw(RPCGrpc.getConnectMethod(), ConnectionResponse.getDefaultInstance()),
					raw(RPCGrpc.getCommandMethod(), CommandResponse.getDefaultInstance()),
					raw(RPCGrpc.getDisconnectMethod(), DisconnectResponse.getDefaultInstance()));
		}

		void send(int count) throws InterruptedException {
			for (int i = 0; i < count; i++) {
				int method = this.random.nextInt(3);
				byte[] request = request(method);
				this.inFlight.acquire();
				call(this.methods.get(method), request);
			}
			if (!this.inFlight.tryAcquire(IN_FLIGHT, 30, TimeUnit.SECONDS)) {
				this.invalid.add("calls still unanswered after 30 s");
				return;
			}
			this.inFlight.release(IN_FLIGHT);
		}

		String outcomes() {
			return "SUCCESS " + this.byStatus[Status.SUCCESS.ordinal()] + ", FAILURE "
					+ this.byStatus[Status.FAILURE.ordinal()] + ", ERROR " + this.byStatus[Status.ERROR.ordinal()]
					+ ", INVALID_ARGUMENT " + this.invalidArgument;
		}

		private <R extends Message> void call(MethodDescriptor<byte[], R> method, byte[] request) {
			ClientCall<byte[], R> call = this.channel.newCall(method,
					CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
			call.start(new ClientCall.Listener<>() {

				private R response;

				@Override
				public void onMessage(R message) {
					this.response = message;
				}

				@Override
				public void onClose(io.grpc.Status status, Metadata trailers) {
					check(status, this.response);
					Fuzzer.this.answered.incrementAndGet();
					Fuzzer.this.inFlight.release();
				}

			}, metadata());
			call.request(2);
			call.sendMessage(request);
			call.halfClose();
		}

		private void check(io.grpc.Status status, Message response) {
			if (status.getCode() == io.grpc.Status.Code.INVALID_ARGUMENT) {
				this.invalidArgument.incrementAndGet();
				return;
			}
			if (!status.isOk() || response == null) {
				this.invalid.add(status + " " + response);
				return;
			}
			Status answer = statusOf(response);
			if (answer == Status.UNRECOGNIZED) {
				this.invalid.add("no status in " + response);
				return;
			}
			this.byStatus[answer.ordinal()].incrementAndGet();
		}

		private static Status statusOf(Message response) {
			if (response instanceof ConnectionResponse connection) {
				return connection.getStatus();
			}
			if (response instanceof CommandResponse command) {
				return command.getStatus();
			}
			return ((DisconnectResponse) response).getStatus();
		}

		private Metadata metadata() {
			Metadata metadata = new Metadata();
			if (this.random.nextInt(10) > 0) {
				metadata.put(AnyCableGrpcService.SID_KEY, "sid-" + this.random.nextInt(1000));
			}
			String[] versions = { "v1", "v1,v2", "v2", "", " v1 " };
			metadata.put(AnyCableGrpcService.PROTOCOL_VERSION_KEY, versions[this.random.nextInt(versions.length)]);
			return metadata;
		}

		private byte[] request(int method) {
			int kind = this.random.nextInt(4);
			if (kind == 0) {
				byte[] bytes = new byte[this.random.nextInt(200)];
				this.random.nextBytes(bytes);
				return bytes;
			}
			byte[] valid = validRequest(method).toByteArray();
			if (kind == 1 && valid.length > 0) {
				for (int i = 0, flips = 1 + this.random.nextInt(4); i < flips; i++) {
					valid[this.random.nextInt(valid.length)] = (byte) this.random.nextInt(256);
				}
				if (this.random.nextBoolean()) {
					return java.util.Arrays.copyOf(valid, this.random.nextInt(valid.length));
				}
			}
			return valid;
		}

		private Message validRequest(int method) {
			Env env = env();
			return switch (method) {
				case 0 -> ConnectionRequest.newBuilder().setEnv(env).build();
				case 1 -> {
					CommandMessage.Builder command = CommandMessage.newBuilder()
						.setCommand(pick(COMMANDS))
						.setIdentifier(this.random.nextInt(4) > 0 ? identifier() : json(3))
						.setConnectionIdentifiers(
								this.random.nextBoolean() ? "{\"user\":\"" + text(8) + "\"}" : json(3))
						.setData(this.random.nextInt(4) > 0
								? "{\"action\":\"" + pick(ACTIONS) + "\",\"v\":" + json(4) + "}" : json(4));
					yield (this.random.nextInt(10) > 0) ? command.setEnv(env).build() : command.build();
				}
				default -> DisconnectRequest.newBuilder()
					.setIdentifiers(json(2))
					.addSubscriptions(identifier())
					.setEnv(env.toBuilder()
						.putIstate(identifier(), this.random.nextBoolean() ? "{\"user\":\"\\\"x\\\"\"}" : json(3)))
					.build();
			};
		}

		private Env env() {
			String query = switch (this.random.nextInt(4)) {
				case 0 -> "?user=" + text(8);
				case 1 -> "";
				case 2 -> "?" + text(20);
				default -> "?user=%E2%82%AC&room=" + text(4);
			};
			return Env.newBuilder()
				.setUrl(this.random.nextInt(10) > 0 ? "http://127.0.0.1:8080/cable" + query : text(30))
				.putHeaders("cookie", text(10))
				.putCstate(text(3), json(2))
				.build();
		}

		private String identifier() {
			return "{\"channel\":\"" + pick(CHANNELS) + "\",\"room\":" + json(2) + "}";
		}

		/**
		 * Random JSON of about the given depth, sometimes malformed, rarely nested beyond
		 * the default limit.
		 */
		private String json(int depth) {
			int kind = this.random.nextInt(12);
			if (depth <= 0 || kind < 3) {
				return switch (this.random.nextInt(6)) {
					case 0 -> Integer.toString(this.random.nextInt());
					case 1 -> "\"" + text(6).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
					case 2 -> "true";
					case 3 -> "null";
					case 4 -> "1e" + this.random.nextInt(400);
					default -> "\"\\u" + Integer.toHexString(0xD800 + this.random.nextInt(0x800)) + "\"";
				};
			}
			if (kind < 6) {
				return "[" + json(depth - 1) + "," + json(depth - 1) + "]";
			}
			if (kind < 10) {
				return "{\"" + text(4).replace("\\", "").replace("\"", "") + "\":" + json(depth - 1) + "}";
			}
			if (kind == 10) {
				int levels = 90 + this.random.nextInt(20);
				return "[".repeat(levels) + "]".repeat(levels);
			}
			return text(10);
		}

		/**
		 * Random text: ASCII, accents, emoji and control characters (no lone surrogates:
		 * protobuf cannot encode them, invalid UTF-8 comes from the raw and mutated
		 * messages).
		 */
		private String text(int maxLength) {
			StringBuilder text = new StringBuilder();
			for (int i = 0, length = this.random.nextInt(maxLength + 1); i < length; i++) {
				switch (this.random.nextInt(8)) {
					case 0 -> text.append((char) this.random.nextInt(0x20));
					case 1 -> text.append("é€");
					case 2 -> text.appendCodePoint(0x1F600 + this.random.nextInt(50));
					default -> text.append((char) (0x20 + this.random.nextInt(0x5F)));
				}
			}
			return text.toString();
		}

		private String pick(String[] values) {
			return values[this.random.nextInt(values.length)];
		}

		private static <Q, R extends Message> MethodDescriptor<byte[], R> raw(MethodDescriptor<Q, R> method,
				R prototype) {
			return method.toBuilder(AnyCableGrpcService.BYTES, ProtoUtils.marshaller(prototype)).build();
		}

	}

	@AnyCableChannel
	static class FuzzChannel {

		@OnSubscribe
		void subscribed(ChannelHandle handle, @ChannelParam("room") String room) {
			handle.streamFrom("room:" + room);
			handle.state().put("count", 0);
		}

		@Action
		Map<String, Object> echo(@Payload Map<String, Object> data) {
			return data;
		}

		@Action
		int count(ChannelHandle handle) {
			int count = handle.state().get("count", Integer.class).orElse(0) + 1;
			handle.state().put("count", count);
			return count;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(FuzzChannel.class)
	static class Config {

		@Bean
		CableConnectionFactory cableConnectionFactory() {
			return (request) -> request.param("user")
				.map((user) -> CableConnection.accept(Map.of("user", user)))
				.orElseGet(CableConnection::reject);
		}

	}

}
