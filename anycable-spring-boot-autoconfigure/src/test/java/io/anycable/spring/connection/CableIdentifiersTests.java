package io.anycable.spring.connection;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.anycable.spring.support.CableJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
			.withMessageContaining("Identifier 'user' must be a String, a number, a boolean, or a Map or List of those")
			.withMessageContaining("user.getId()");
	}

	@ParameterizedTest
	@ValueSource(doubles = { Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY })
	void refusesNumbersThatJsonCannotRepresent(double value) {
		assertThatIllegalArgumentException().isThrownBy(() -> CableIdentifiers.of(Map.of("score", value)))
			.withMessageStartingWith("Identifier 'score' is " + value + ", which JSON cannot represent");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CableIdentifiers.of(Map.of("user", Map.of("scores", List.of(1, (float) value)))))
			.withMessageStartingWith("Identifier 'user.scores[1]' is ");
	}

	@Test
	void refusesANullIdentifierButAcceptsNullInsideAnObject() {
		Map<String, Object> values = new HashMap<>();
		values.put("user", null);
		assertThatIllegalArgumentException().isThrownBy(() -> CableIdentifiers.of(values))
			.withMessage("Identifier 'user' is null: leave it out instead");
		Map<String, Object> nested = new HashMap<>();
		nested.put("nick", null);
		assertThat(CableIdentifiers.of(Map.of("user", nested)).json()).isEqualTo("{\"user\":{\"nick\":null}}");
	}

	@Test
	void nestedValuesAreCanonicalAtEveryLevel() {
		Map<String, Object> org = new LinkedHashMap<>();
		org.put("name", "acme");
		org.put("id", 7);
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("user", "jane");
		values.put("org", org);
		values.put("roles", List.of("b", Map.of("z", 1, "a", 2)));
		CableIdentifiers identifiers = CableIdentifiers.of(values);
		assertThat(identifiers.json())
			.isEqualTo("{\"org\":{\"id\":7,\"name\":\"acme\"},\"roles\":[\"b\",{\"a\":2,\"z\":1}],\"user\":\"jane\"}");
		assertThat(identifiers.get("org")).hasValue(Map.of("id", 7, "name", "acme"));
		assertThat(identifiers.get("roles")).hasValue(List.of("b", Map.of("a", 2, "z", 1)));
	}

	@Test
	void refusesMapKeysThatAreNotStrings() {
		assertThatIllegalArgumentException().isThrownBy(() -> CableIdentifiers.of(Map.of("org", Map.of(7, "acme"))))
			.withMessage("Identifier 'org' has a key that is not a String: 7");
	}

	@Test
	void canonicalizeMatchesWhatAConnectionWasAcceptedWith() throws Exception {
		ObjectMapper mapper = new ObjectMapper();
		Map<String, Object> org = new LinkedHashMap<>();
		org.put("name", "acme");
		org.put("id", 7);
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("user", "jané");
		values.put("org", org);
		values.put("admin", false);
		values.put("score", 1.5);
		String written = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(values);
		assertThat(CableIdentifiers.canonicalize(written, new CableJson(mapper))).isEqualTo(CableIdentifiers.of(values))
			.hasToString("{\"admin\":false,\"org\":{\"id\":7,\"name\":\"acme\"},\"score\":1.5,\"user\":\"jané\"}");
	}

	@Test
	void numbersHaveOneFormWhateverTheirTypeAndSurviveAReread() {
		List<Number> numbers = List.of(42, 42L, new BigInteger("123456789012345678901234"), 1.5, 1.5f,
				new BigDecimal("1.50"), new BigDecimal("1E+2"), 100.0, 1e20, 1e21, 1e-7, -0.0, 0.1f, 1e300);
		ObjectMapper bigDecimals = JsonMapper.builder()
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
			.build();
		for (Number number : numbers) {
			CableIdentifiers identifiers = CableIdentifiers.of(Map.of("n", number));
			for (ObjectMapper mapper : List.of(new ObjectMapper(), bigDecimals)) {
				assertThat(CableIdentifiers.canonicalize(identifiers.json(), new CableJson(mapper)))
					.as("%s (%s) re-read by %s", number, number.getClass().getSimpleName(), mapper)
					.isEqualTo(identifiers);
			}
		}
		assertThat(CableIdentifiers.of(Map.of("a", new BigDecimal("1.50"), "b", 100.0, "c", 1e21, "d", 0.1f)).json())
			.isEqualTo("{\"a\":1.5,\"b\":100,\"c\":1E+21,\"d\":0.1}");
	}

	@Test
	void canonicalizeRefusesWhatIsNotAJsonObject() {
		CableJson json = new CableJson(new ObjectMapper());
		assertThatIllegalArgumentException().isThrownBy(() -> CableIdentifiers.canonicalize("[1]", json))
			.withMessageContaining("Invalid connection identifiers")
			.withMessageContaining("expected a JSON object");
		assertThatIllegalArgumentException().isThrownBy(() -> CableIdentifiers.canonicalize("{\"id\":NaN}", json))
			.withMessageContaining("malformed JSON");
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

	@Test
	void parseReadsNestedValuesAsMapsAndLists() {
		CableIdentifiers identifiers = CableIdentifiers
			.parse("{\"org\":{\"id\":7,\"tags\":[\"a\",null]},\"gone\":null}", new CableJson(new ObjectMapper()));
		assertThat(identifiers.get("org")).hasValue(Map.of("id", 7, "tags", Arrays.asList("a", null)));
		assertThat(identifiers.get("gone")).isEmpty();
		assertThat(identifiers.asMap()).containsOnlyKeys("org");
	}

}
