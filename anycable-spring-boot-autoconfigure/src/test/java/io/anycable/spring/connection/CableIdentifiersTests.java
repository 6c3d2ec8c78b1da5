package io.anycable.spring.connection;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anycable.spring.support.CableJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CableIdentifiersTests {

	@Test
	void canonicalJsonSortsKeysWhateverTheInsertionOrder() {
		Map<String, Object> one = new LinkedHashMap<>();
		one.put("user", "jane");
		one.put("account", 7);
		one.put("admin", true);
		Map<String, Object> other = new LinkedHashMap<>();
		other.put("admin", true);
		other.put("user", "jane");
		other.put("account", 7);
		assertThat(CableIdentifiers.of(one).json()).isEqualTo("{\"account\":7,\"admin\":true,\"user\":\"jane\"}")
			.isEqualTo(CableIdentifiers.of(other).json());
	}

	@Test
	void escapesStrings() {
		assertThat(CableIdentifiers.of(Map.of("user", "a\"b\\c\u00e9")).json())
			.isEqualTo("{\"user\":\"a\\\"b\\\\cé\"}");
	}

	@Test
	void refusesObjectsWithAHint() {
		assertThatIllegalArgumentException().isThrownBy(() -> CableIdentifiers.of(Map.of("user", new Object())))
			.withMessageContaining("Identifier 'user' must be a String, a number or a boolean")
			.withMessageContaining("user.getId()");
	}

	@Test
	void parseKeepsTheOriginalStringForByteExactMatching() {
		String json = "{\"user\": \"jane\", \"id\": 42}";
		CableIdentifiers identifiers = CableIdentifiers.parse(json, new CableJson(new ObjectMapper()));
		assertThat(identifiers.json()).isSameAs(json);
		assertThat(identifiers.getString("user")).hasValue("jane");
		assertThat(identifiers.get("id")).hasValue(42);
		assertThat(CableIdentifiers.parse("", new CableJson(new ObjectMapper())).isEmpty()).isTrue();
	}

}
