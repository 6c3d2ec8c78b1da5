package io.anycable.spring.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CableJson}.
 */
class CableJsonTests {

	private final CableJson json = new CableJson(new ObjectMapper());

	@Test
	void readSharedObjectParsesARecurringTextOnce() {
		String identifier = "{\"channel\":\"ChatChannel\",\"room\":\"1\"}";
		ObjectNode first = this.json.readSharedObject(identifier, "channel identifier");
		ObjectNode second = this.json.readSharedObject(new String(identifier), "channel identifier");
		assertThat(second).isSameAs(first);
		assertThat(first.get("room").textValue()).isEqualTo("1");
	}

	@Test
	void readSharedObjectFailsLikeReadObjectAndCachesNoFailure() {
		for (int i = 0; i < 2; i++) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> this.json.readSharedObject("[1]", "channel identifier"))
				.withMessage("Invalid channel identifier \"[1]\": expected a JSON object, got array");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.json.readSharedObject("", "channel identifier"))
			.withMessage("Invalid channel identifier: empty, expected a JSON object");
		assertThatIllegalArgumentException().isThrownBy(() -> this.json.readSharedObject(null, "channel identifier"))
			.withMessage("Invalid channel identifier: empty, expected a JSON object");
	}

	@Test
	void readSharedObjectStaysBounded() {
		for (int i = 0; i < CableJson.SHARED_OBJECTS_LIMIT * 3; i++) {
			this.json.readSharedObject("{\"channel\":\"C\",\"id\":" + i + "}", "channel identifier");
		}
		String recurring = "{\"channel\":\"C\"}";
		ObjectNode first = this.json.readSharedObject(recurring, "channel identifier");
		assertThat(this.json.readSharedObject(recurring, "channel identifier")).isSameAs(first);
	}

	@Test
	void readSharedObjectDoesNotKeepLongTexts() {
		String long1 = "{\"channel\":\"C\",\"pad\":\"" + "x".repeat(CableJson.SHARED_OBJECT_MAX_LENGTH) + "\"}";
		ObjectNode first = this.json.readSharedObject(long1, "channel identifier");
		assertThat(this.json.readSharedObject(long1, "channel identifier")).isNotSameAs(first).isEqualTo(first);
	}

}
