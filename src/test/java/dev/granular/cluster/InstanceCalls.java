package dev.granular.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.granular.devserver.PayaraMicroProcess;
import dev.granular.testredis.PrivateRedis;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the multi-instance tests make on one instance, and on the tests' Redis ({@code
 * test.redis.port}).
 */
final class InstanceCalls {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private InstanceCalls() {}

  /**
   * POSTs {@code json} to {@code path} of the instance and gives the created resource; anything but
   * 201 fails.
   */
  static JsonObject post(PayaraMicroProcess instance, String path, String json) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(instance.baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), response.body());
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  /** The instance's view counting figures ({@code GET api/demo/views}). */
  static JsonObject viewStats(PayaraMicroProcess instance) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(instance.baseUrl() + "api/demo/views")).build();
    String body = CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
    return Json.createReader(new StringReader(body)).readObject();
  }

  /** Runs a Redis command whose reply is an integer. */
  static long redisInteger(String... command) throws Exception {
    String reply = PrivateRedis.command(Integer.getInteger("test.redis.port"), command);
    return Long.parseLong(reply.strip().substring(1));
  }

  /**
   * The view tests share one Redis: each starts and leaves it without view counters of other
   * databases.
   */
  static void deleteViewKeys() throws Exception {
    String script =
        "for _, key in ipairs(redis.call('KEYS', '{views}:*')) do redis.call('DEL', key) end";
    PrivateRedis.command(Integer.getInteger("test.redis.port"), "EVAL", script, "0");
  }
}
