package dev.granular.platform;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Reads a JSON request body whole (at most 1 MiB, {@link BodySizeLimit}) and lets JSON-B bind it
 * only if it is UTF-8 (RFC 8259) and exactly one JSON document, an object when it is bound to an
 * application class. Yasson alone stops after the first value, so it would accept {@code {...}}} or
 * two documents in a row, and it binds {@code [{...}, ...]} to a class as the array's first
 * element.
 */
@Provider
public class SingleJsonDocument implements ReaderInterceptor {

  // Json.createParser looks the provider up with a ServiceLoader scan of the class path on every
  // call: with the profiler, 13 % of a PUT's CPU went there. One factory, made once, parses every
  // body.
  private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (!isJson(context.getMediaType())) {
      return context.proceed();
    }
    byte[] body;
    try {
      body = context.getInputStream().readAllBytes();
    } catch (BodySizeLimit.TooLarge e) {
      throw new WebApplicationException(e, BodySizeLimit.tooLarge());
    }
    if (body.length > 0) {
      check(utf8(body), bindsAnObject(context.getType()));
    }
    context.setInputStream(new ByteArrayInputStream(body));
    return context.proceed();
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInput("The body is not UTF-8");
    }
  }

  /** Parses to the end: JSON-P refuses anything after the first complete value. */
  private static void check(String json, boolean object) {
    try (JsonParser parser = PARSERS.createParser(new StringReader(json))) {
      JsonParser.Event first = parser.next();
      if (object
          && first != JsonParser.Event.START_OBJECT
          && first != JsonParser.Event.VALUE_NULL) {
        throw new InvalidInput("The body must be a JSON object");
      }
      while (parser.hasNext()) {
        parser.next();
      }
    } catch (InvalidInput e) {
      throw e;
    } catch (RuntimeException e) {
      // JsonParsingException, or Parsson's plain RuntimeException for nesting deeper than 1,000
      throw new InvalidInput(
          "The body is not one valid JSON document: " + ProblemMappers.rootMessage(e));
    }
  }

  /** A record or class of the application, rather than an array, a collection or a JDK type. */
  private static boolean bindsAnObject(Class<?> type) {
    String name = type.getName();
    return !type.isArray()
        && !type.isPrimitive()
        && !Collection.class.isAssignableFrom(type)
        && !name.startsWith("java.")
        && !name.startsWith("jakarta.");
  }

  private static boolean isJson(MediaType type) {
    return type != null
        && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
  }
}
