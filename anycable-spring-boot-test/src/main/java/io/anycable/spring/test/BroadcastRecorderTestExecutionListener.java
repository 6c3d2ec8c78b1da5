package io.anycable.spring.test;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Clears every {@link BroadcastRecorder} of the test's application context before each
 * test method, as Spring resets {@code @MockitoBean}s: the context, and the recorder in
 * it, is cached and shared by the tests that use it, and what one test broadcast must not
 * show up in the next. Runs before {@code @BeforeEach} methods, so what they broadcast
 * stays recorded; {@link BroadcastRecorder#clear()} still empties the recorder within a
 * test. Registered in {@code META-INF/spring.factories}, so every Spring test gets it.
 *
 * @author AnyCable Spring Boot contributors
 */
public class BroadcastRecorderTestExecutionListener extends AbstractTestExecutionListener {

	/**
	 * Return the order: with Spring's own listener that resets mocks, after dependency
	 * injection.
	 * @return the order
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		// a context that failed to load, or was never loaded, has nothing to clear
		if (testContext.hasApplicationContext()) {
			ApplicationContext context = testContext.getApplicationContext();
			// by name, without creating a lazy recorder nobody asked for
			for (String name : context.getBeanNamesForType(BroadcastRecorder.class, false, false)) {
				context.getBean(name, BroadcastRecorder.class).clear();
			}
		}
	}

}
