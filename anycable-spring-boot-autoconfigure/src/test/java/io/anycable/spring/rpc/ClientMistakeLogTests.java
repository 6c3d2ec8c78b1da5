package io.anycable.spring.rpc;

import java.time.Duration;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ClientMistakeLogTests {

	@Test
	void theFirstLineOfTheNextWindowCountsWhatWasLeftOut(CapturedOutput output) throws InterruptedException {
		ClientMistakeLog log = new ClientMistakeLog(LogFactory.getLog(ClientMistakeLogTests.class), 2,
				Duration.ofMillis(200));
		for (int i = 0; i < 5; i++) {
			log.warn("mistake " + i);
		}
		Thread.sleep(250);
		log.warn("mistake 5");
		assertThat(output.getOut()
			.lines()
			.filter((line) -> line.contains("WARN"))
			.map((line) -> line.replaceAll(".*: ", ""))).containsExactly("mistake 0", "mistake 1",
					"3 more refused request(s) were not logged (at most 2 per 200 ms; DEBUG logs them all)",
					"mistake 5");
	}

}
