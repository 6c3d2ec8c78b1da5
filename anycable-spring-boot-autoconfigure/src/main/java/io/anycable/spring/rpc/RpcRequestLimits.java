package io.anycable.spring.rpc;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.anycable.spring.rpc.proto.Env;

import org.springframework.util.Assert;

/**
 * Bounds on what an RPC request may carry beyond the transport's message size limit,
 * checked before any of it reaches application code. A request over a limit is answered
 * {@code ERROR} with a message naming the field and the limit.
 * <p>
 * anycable-go reads at most 64 KiB per client frame, so identifiers and data from real
 * clients stay far below these defaults; the limits are for callers that are not
 * anycable-go. The JSON depth is checked with a parser of its own: the application's
 * {@code ObjectMapper} keeps its settings.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class RpcRequestLimits {

	/**
	 * Ruby's {@code JSON.parse} refuses more than 100 levels by default (its
	 * {@code max_nesting}).
	 */
	public static final int DEFAULT_MAX_JSON_DEPTH = 100;

	/**
	 * Default for {@link #maxIdentifierLength()}: 64 Ki characters, anycable-go's client
	 * frame limit.
	 */
	public static final int DEFAULT_MAX_IDENTIFIER_LENGTH = 64 * 1024;

	/** Default for {@link #maxStateLength()}: 1 Mi characters. */
	public static final int DEFAULT_MAX_STATE_LENGTH = 1024 * 1024;

	/** The default limits. */
	public static final RpcRequestLimits DEFAULTS = new RpcRequestLimits(DEFAULT_MAX_JSON_DEPTH,
			DEFAULT_MAX_IDENTIFIER_LENGTH, DEFAULT_MAX_STATE_LENGTH);

	private final int maxJsonDepth;

	private final int maxIdentifierLength;

	private final int maxStateLength;

	private final JsonFactory depthChecker;

	/**
	 * Create limits.
	 * @param maxJsonDepth how deeply the JSON of identifiers, data and channel state may
	 * nest
	 * @param maxIdentifierLength the longest channel identifier, connection identifiers
	 * or subscription, in characters
	 * @param maxStateLength the most characters the connection and channel state of one
	 * request may have, keys and values together
	 */
	public RpcRequestLimits(int maxJsonDepth, int maxIdentifierLength, int maxStateLength) {
		Assert.isTrue(maxJsonDepth > 0, "Maximum JSON depth must be positive");
		Assert.isTrue(maxIdentifierLength > 0, "Maximum identifier length must be positive");
		Assert.isTrue(maxStateLength >= 0, "Maximum state length must not be negative");
		this.maxJsonDepth = maxJsonDepth;
		this.maxIdentifierLength = maxIdentifierLength;
		this.maxStateLength = maxStateLength;
		this.depthChecker = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxJsonDepth).build())
			.build();
	}

	/**
	 * Return how deeply JSON may nest.
	 * @return the depth
	 */
	public int maxJsonDepth() {
		return this.maxJsonDepth;
	}

	/**
	 * Return the longest identifier accepted.
	 * @return the length in characters
	 */
	public int maxIdentifierLength() {
		return this.maxIdentifierLength;
	}

	/**
	 * Return the largest state accepted in one request.
	 * @return the length in characters
	 */
	public int maxStateLength() {
		return this.maxStateLength;
	}

	/**
	 * Check a channel identifier, the connection identifiers or a subscription: length
	 * and JSON depth.
	 * @param json the identifier
	 * @param what what it is, for the message
	 * @throws InvalidRpcRequestException if it is too long or nested too deeply
	 */
	void checkIdentifier(String json, String what) {
		if (json.length() > this.maxIdentifierLength) {
			throw new InvalidRpcRequestException(
					what + " too long: " + json.length() + " characters, at most " + this.maxIdentifierLength);
		}
		checkDepth(json, what);
	}

	/**
	 * Check the nesting depth of JSON text. Malformed JSON passes: reading it reports
	 * that.
	 * @param json the text
	 * @param what what it is, for the message
	 * @throws InvalidRpcRequestException if it nests too deeply
	 */
	void checkDepth(String json, String what) {
		try (JsonParser parser = this.depthChecker.createParser(json)) {
			while (parser.nextToken() != null) {
				// every array and object opened counts towards the depth
			}
		}
		catch (StreamConstraintsException ex) {
			throw new InvalidRpcRequestException(
					what + " nested too deeply: more than " + this.maxJsonDepth + " levels of JSON arrays and objects");
		}
		catch (IOException ex) {
			// malformed: reported with the details when the JSON is read
		}
	}

	/**
	 * Check the size of the connection and channel state a request carries.
	 * @param env the request's env
	 * @throws InvalidRpcRequestException if the state is too large
	 */
	void checkState(Env env) {
		long length = length(env.getCstateMap()) + length(env.getIstateMap());
		if (length > this.maxStateLength) {
			throw new InvalidRpcRequestException("Connection and channel state too large: " + length
					+ " characters, at most " + this.maxStateLength);
		}
	}

	private static long length(Map<String, String> state) {
		long length = 0;
		for (Map.Entry<String, String> entry : state.entrySet()) {
			length += entry.getKey().length() + entry.getValue().length();
		}
		return length;
	}

}
