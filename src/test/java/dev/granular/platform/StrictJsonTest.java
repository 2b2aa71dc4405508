package dev.granular.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.granular.catalog.products.entity.ProductInput;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The REST API's JSON-B against Yasson, the implementation Payara ships. */
class StrictJsonTest {

  private final Jsonb jsonb = new StrictJson().getContext(ProductInput.class);

  private ProductInput read(String json) {
    return jsonb.fromJson(json, ProductInput.class);
  }

  @Test
  void readsWellTypedBodies() {
    assertEquals(
        new ProductInput("Saw", null, new BigDecimal("1.50"), 7L),
        read("{\"name\":\"Saw\",\"price\":\"1.50\",\"categoryId\":7}"));
    assertEquals(
        new BigDecimal("1.5"), read("{\"name\":\"Saw\",\"price\":1.5,\"categoryId\":7}").price());
    assertNull(read("{\"name\":null,\"price\":1,\"categoryId\":null}").name());
  }

  @Test
  void refusesUnknownPropertiesAndWrongTypes() {
    for (String json :
        new String[] {
          "{\"name\":\"Saw\",\"price\":1,\"categoryId\":7,\"id\":1}",
          "{\"name\":42,\"price\":1,\"categoryId\":7}",
          "{\"name\":true,\"price\":1,\"categoryId\":7}",
          "{\"name\":{\"a\":1},\"price\":1,\"categoryId\":7}",
          "{\"name\":[\"Saw\"],\"price\":1,\"categoryId\":7}",
          "{\"name\":\"Saw\",\"price\":1,\"categoryId\":\"7\"}",
          "{\"name\":\"Saw\",\"price\":1,\"categoryId\":7.5}",
          "{\"name\":\"Saw\",\"price\":1,\"categoryId\":7.0}",
          "{\"name\":\"Saw\",\"price\":1,\"categoryId\":7e2}",
          "{\"name\":\"Saw\",\"price\":1,\"categoryId\":1e999999999}",
          "{\"name\":\"Saw\",\"price\":1,\"categoryId\":99999999999999999999}",
          "{\"name\":\"Saw\",\"price\":1,\"categoryId\":true}"
        }) {
      assertThrows(JsonbException.class, () -> read(json), json);
    }
  }
}
