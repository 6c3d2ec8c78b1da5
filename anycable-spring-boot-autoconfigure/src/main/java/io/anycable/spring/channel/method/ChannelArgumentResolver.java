package io.anycable.spring.channel.method;

/**
 * Supplies the values of one kind of channel method parameter, like spring-messaging's
 * {@code HandlerMethodArgumentResolver}, but bound once at startup: the first resolver
 * that {@linkplain #supportsParameter supports} a parameter {@linkplain #prepare
 * prepares} its {@link ChannelArgumentSource}, and a parameter that no resolver supports,
 * or that a resolver refuses, fails startup with a message naming the bean, the method
 * and the parameter.
 * <p>
 * Resolver beans of the application are consulted after the built-in ones
 * ({@code ChannelHandle}, {@code CableRequest}, {@code CableIdentifiers},
 * {@code ChannelParams}, {@code @ChannelParam}, {@code @ConnectionIdentifier}, exception
 * parameters and {@code @Payload}), in {@code @Order}, and before an action's unannotated
 * payload parameter.
 *
 * <pre class="code">
 * &#64;Component
 * class TenantArgumentResolver implements ChannelArgumentResolver {
 *
 * 	public boolean supportsParameter(ChannelMethodParameter parameter) {
 * 		return parameter.getParameterType() == Tenant.class;
 * 	}
 *
 * 	public ChannelArgumentSource prepare(ChannelMethodParameter parameter) {
 * 		return (invocation) -&gt; Tenant.fromHost(invocation.handle().request().url());
 * 	}
 *
 * }
 * </pre>
 *
 * @author AnyCable Spring Boot contributors
 */
public interface ChannelArgumentResolver {

	/**
	 * Whether this resolver supplies the parameter. Called once per parameter at startup.
	 * @param parameter the parameter
	 * @return {@code true} to take it
	 */
	boolean supportsParameter(ChannelMethodParameter parameter);

	/**
	 * Prepare the source of the parameter's values, once at startup. Refuse a parameter
	 * this resolver supports but cannot bind (a wrong type, a missing name) by throwing
	 * {@link ChannelMethodParameter#invalid(String, String)}.
	 * @param parameter a parameter this resolver supports
	 * @return the source of its values
	 */
	ChannelArgumentSource prepare(ChannelMethodParameter parameter);

}
