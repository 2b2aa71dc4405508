package dev.granular.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.granular.cache.redis.RedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** Nothing read from Redis is ever turned into objects by Java serialization or Kryo. */
class NoJavaDeserializationTest {

  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "ObjectInputStream|readObject\\(|Kryo|SerializationCodec|MarshallingCodec|FstCodec");

  @Test
  void theRedisClientCodecIsPlainStrings() {
    RedisConnection connection = new RedisConnection(); // lazy: connects on the first command only
    RedissonClient client = connection.client();
    try {
      assertInstanceOf(StringCodec.class, client.getConfig().getCodec());
    } finally {
      client.shutdown();
    }
  }

  @Test
  void noSourceDeserializesJavaObjects() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      List<String> offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> FORBIDDEN.matcher(read(f)).find())
              .map(Path::toString)
              .toList();
      assertEquals(List.of(), offenders);
    }
  }

  @Test
  void theForbiddenPatternCatchesWhatItMust() {
    assertFalse(FORBIDDEN.matcher("new JsonValueCodec(type)").find());
    assertEquals(true, FORBIDDEN.matcher("new ObjectInputStream(in).readObject()").find());
    assertEquals(true, FORBIDDEN.matcher("config.setCodec(new Kryo5Codec())").find());
  }

  @Test
  void kryoIsNotOnTheClassPath() {
    assertFalse(
        isPresent("com.esotericsoftware.kryo.Kryo"),
        "Kryo is excluded from the WAR's dependencies");
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, NoJavaDeserializationTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
