package io.anycable.spring.broadcast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BroadcastOptions}.
 */
class BroadcastOptionsTests {

	@Test
	void defaultsSendToEveryoneAndKeepHistory() {
		BroadcastOptions options = BroadcastOptions.defaults();
		assertThat(options.getExcludeSocket()).isNull();
		assertThat(options.isToOthers()).isFalse();
		assertThat(options.isTransient()).isFalse();
	}

	@Test
	void withersReturnNewOptionsAndKeepTheOthers() {
		BroadcastOptions defaults = BroadcastOptions.defaults();
		BroadcastOptions options = defaults.excludeSocket("sid-1").toOthers().asTransient();
		assertThat(options.getExcludeSocket()).isEqualTo("sid-1");
		assertThat(options.isToOthers()).isTrue();
		assertThat(options.isTransient()).isTrue();
		assertThat(defaults).isEqualTo(BroadcastOptions.defaults());
		assertThat(options).isEqualTo(BroadcastOptions.defaults().asTransient().toOthers().excludeSocket("sid-1"));
	}

	@Test
	void rejectsEmptySocketId() {
		assertThatIllegalArgumentException().isThrownBy(() -> BroadcastOptions.defaults().excludeSocket(""));
	}

}
