package io.anycable.spring.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RateLimitedLogTests {

	private final AtomicLong nanoTime = new AtomicLong();

	private final RateLimitedLog log = new RateLimitedLog(LogFactory.getLog(RateLimitedLogTests.class), 2,
			Duration.ofSeconds(10), this.nanoTime::get);

	@Test
	void atMostTheLimitPerWindowAndTheNextLineCountsWhatWasLeftOut(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			this.log.warn("mistake " + i);
		}
		this.nanoTime.addAndGet(Duration.ofSeconds(9).toNanos());
		this.log.warn("still the same window");
		this.nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());
		this.log.warn("mistake 5");
		this.log.warn("mistake 6");
		this.log.warn("mistake 7");
		assertThat(warnings(output)).containsExactly("mistake 0", "mistake 1",
				"mistake 5 [4 more left out since the previous line]", "mistake 6");
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains("WARN"))
			.map((line) -> line.substring(line.indexOf(": ") + 2))
			.toList();
	}

}
