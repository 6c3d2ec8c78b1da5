package io.anycable.spring.connection;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CableStateTests {

	@Test
	void reportsOnlyChangedKeysAndRemovalsAsEmptyValues() {
		CableState state = CableState.of(Map.of("a", "1", "b", "2", "c", "3"));
		state.put("a", "1");
		state.put("b", "20");
		state.remove("c");
		state.remove("missing");
		state.put("d", "4");
		assertThat(state.changes()).containsExactly(Map.entry("b", "20"), Map.entry("c", ""), Map.entry("d", "4"));
		assertThat(state.asMap()).containsOnly(Map.entry("a", "1"), Map.entry("b", "20"), Map.entry("d", "4"));
	}

	@Test
	void puttingAnEmptyValueRemovesTheKey() {
		CableState state = CableState.of(Map.of("a", "1"));
		state.put("a", "");
		assertThat(state.get("a")).isEmpty();
		assertThat(state.changes()).containsExactly(Map.entry("a", ""));
	}

}
