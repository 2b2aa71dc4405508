package dev.granular.platform;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Type;

/**
 * The JSON-B the REST API reads and writes with: a request body with a property the target does not
 * have is refused (Yasson's {@code jsonb.fail-on-unknown-properties}), so a typo or an {@code "id"}
 * is an error rather than silently ignored; a text property takes only a JSON string ({@code 42} is
 * not a name), and a {@code Long} only a JSON integer in range: {@code "7"}, {@code 7.5}, {@code
 * 7.0}, {@code 7e2} and {@code 99999999999999999999} are refused, and {@code 1e999999999} is
 * refused without ever being expanded. Writing is JSON-B's default.
 */
@Provider
public class StrictJson implements ContextResolver<Jsonb> {

  private final Jsonb jsonb =
      JsonbBuilder.create(
          new JsonbConfig()
              .setProperty("jsonb.fail-on-unknown-properties", true)
              .withDeserializers(new TextOnly(), new WholeNumber()));

  @Override
  public Jsonb getContext(Class<?> type) {
    return jsonb;
  }

  /** A string property from a JSON string or null, nothing else. */
  public static final class TextOnly implements JsonbDeserializer<String> {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
      // Yasson's parser has no currentEvent(); getValue() reads the value at hand, whatever it is.
      JsonValue value = parser.getValue();
      return switch (value.getValueType()) {
        case STRING -> ((JsonString) value).getString();
        case NULL -> null;
        default ->
            throw new JsonbException("expected a JSON string, found " + value.getValueType());
      };
    }
  }

  /**
   * A {@code Long} from a JSON integer that fits (no fraction digits, no exponent that moves the
   * point), or null.
   */
  public static final class WholeNumber implements JsonbDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser parser, DeserializationContext context, Type type) {
      JsonValue value = parser.getValue();
      if (value.getValueType() == JsonValue.ValueType.NULL) {
        return null;
      }
      if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
        throw new JsonbException("expected a whole JSON number, without fraction or exponent");
      }
      try {
        return number.longValueExact();
      } catch (ArithmeticException e) {
        throw new JsonbException("the number is out of range", e);
      }
    }
  }
}
