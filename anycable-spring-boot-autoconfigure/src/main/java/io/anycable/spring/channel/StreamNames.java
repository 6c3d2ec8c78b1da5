package io.anycable.spring.channel;

import java.lang.reflect.Method;
import java.util.StringJoiner;

import io.anycable.spring.channel.annotation.AnyCableChannel;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Builds stable stream names from parts, the way Action Cable's {@code broadcasting_for}
 * does, so that a channel's {@code streamFor(room)} and a broadcast to
 * {@code StreamNames.of(ChatChannel.class, room)} meet on the same name. Parts are joined
 * with {@code :}; each part becomes:
 * <ul>
 * <li>a {@link Streamable}'s {@code streamName()};</li>
 * <li>a channel class: its channel name;</li>
 * <li>a string, number, boolean or enum: its text;</li>
 * <li>any other object with an {@code id()} or {@code getId()} accessor:
 * {@code SimpleClassName/<id>}.</li>
 * </ul>
 *
 * @author AnyCable Spring Boot contributors
 */
public final class StreamNames {

	private StreamNames() {
	}

	/**
	 * Build a stream name.
	 * @param parts the parts
	 * @return the stream name
	 * @throws IllegalArgumentException for a part that cannot be named
	 */
	public static String of(Object... parts) {
		StringJoiner joiner = new StringJoiner(":");
		for (Object part : parts) {
			joiner.add(name(part));
		}
		return joiner.toString();
	}

	/**
	 * Return the channel name of a channel class.
	 * @param channelClass a class annotated with {@link AnyCableChannel}
	 * @return the channel name
	 */
	public static String channelName(Class<?> channelClass) {
		AnyCableChannel channel = AnnotatedElementUtils.findMergedAnnotation(channelClass, AnyCableChannel.class);
		if (channel == null) {
			throw new IllegalArgumentException(channelClass.getName() + " is not annotated with @AnyCableChannel");
		}
		return StringUtils.hasText(channel.value()) ? channel.value()
				: ClassUtils.getUserClass(channelClass).getSimpleName();
	}

	private static String name(Object part) {
		if (part == null) {
			throw new IllegalArgumentException("A stream name part must not be null");
		}
		if (part instanceof Streamable streamable) {
			return streamable.streamName();
		}
		if (part instanceof Class<?> type) {
			return channelName(type);
		}
		if (part instanceof CharSequence || part instanceof Number || part instanceof Boolean) {
			return part.toString();
		}
		if (part instanceof Enum<?> value) {
			return value.name();
		}
		Class<?> type = ClassUtils.getUserClass(part);
		Method accessor = ReflectionUtils.findMethod(type, "id");
		if (accessor == null) {
			accessor = ReflectionUtils.findMethod(type, "getId");
		}
		if (accessor == null || accessor.getParameterCount() != 0) {
			throw new IllegalArgumentException("Cannot name a stream after a " + type.getName()
					+ ": give it an id() or getId() accessor, implement Streamable, or pass a string");
		}
		ReflectionUtils.makeAccessible(accessor);
		Object id = ReflectionUtils.invokeMethod(accessor, part);
		if (id == null) {
			throw new IllegalArgumentException("Cannot name a stream after a " + type.getName() + " whose id is null");
		}
		return type.getSimpleName() + "/" + id;
	}

	/**
	 * An object that names its own stream.
	 */
	@FunctionalInterface
	public interface Streamable {

		/**
		 * Return the stream name of this object.
		 * @return the name
		 */
		String streamName();

	}

}
