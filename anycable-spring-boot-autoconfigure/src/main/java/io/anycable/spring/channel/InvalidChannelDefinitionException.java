package io.anycable.spring.channel;

/**
 * Thrown at startup when a channel bean is declared wrongly (duplicate names or actions,
 * unsupported parameters, bad callback signatures). The message names the bean, the
 * method and the parameter.
 *
 * @author AnyCable Spring Boot contributors
 */
public class InvalidChannelDefinitionException extends RuntimeException {

	private final String beanName;

	private final String action;

	/**
	 * Create an exception.
	 * @param beanName the channel bean at fault
	 * @param message what is wrong
	 * @param action how to fix it
	 */
	public InvalidChannelDefinitionException(String beanName, String message, String action) {
		super(message);
		this.beanName = beanName;
		this.action = action;
	}

	/**
	 * Return the name of the channel bean at fault.
	 * @return the bean name
	 */
	public String getBeanName() {
		return this.beanName;
	}

	/**
	 * Return how to fix the definition.
	 * @return the advice
	 */
	public String getAction() {
		return this.action;
	}

}
