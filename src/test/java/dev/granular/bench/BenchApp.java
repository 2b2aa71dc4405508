package dev.granular.bench;

import dev.granular.devserver.PayaraMicroProcess;
import dev.granular.testredis.PrivateRedis;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One boot of a WAR on Payara Micro for the suite, with its settings, and the few HTTP calls the
 * suite makes.
 */
final class BenchApp implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(BenchApp.class.getName());
  static final String ADMIN_PASSWORD = "bench-only-admin-password";

  private final PayaraMicroProcess process;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BenchApp(PayaraMicroProcess process) {
    this.process = process;
  }

  /**
   * Where the suite's pieces are: the Payara Micro jar, the WAR, server-config, and the output
   * folder.
   */
  record Layout(Path micro, Path war, Path serverConfig, Path out) {}

  /**
   * Boots {@code war} with the suite's common settings plus {@code settings}; log in {@code
   * <out>/<name>.log}.
   */
  static BenchApp boot(Layout layout, Path war, String name, Map<String, String> settings)
      throws Exception {
    Map<String, String> properties = new HashMap<>();
    properties.put("ADMIN_USER", "admin");
    properties.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
    properties.put("cache.warm.startup-limit", "0");
    properties.put("cache.stats.report-interval", "1s");
    properties.putAll(settings);
    Path log = layout.out().resolve(name + ".log");
    LOG.info(() -> "Booting " + name + " (" + settings + "), log " + log);
    long started = System.nanoTime();
    PayaraMicroProcess process =
        PayaraMicroProcess.start(
            layout.micro(),
            war,
            layout.serverConfig(),
            PrivateRedis.freePort(),
            List.of("-Xmx768m"),
            properties,
            log);
    if (!process.awaitReady(Duration.ofMinutes(4))) {
      process.close();
      throw new IOException("Payara Micro (" + name + ") not ready; see " + log);
    }
    LOG.info(() -> name + " ready in " + (System.nanoTime() - started) / 1_000_000_000 + " s");
    return new BenchApp(process);
  }

  String baseUrl() {
    return process.baseUrl();
  }

  /** The body of a GET, failing on anything but 200. */
  /** The {@code ETag} of a 200 answer to {@code GET path}. */
  String etag(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return response
        .headers()
        .firstValue("ETag")
        .orElseThrow(() -> new IOException("no ETag on GET " + path));
  }

  String get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET(), 200);
  }

  /** Sends a JSON body, expecting {@code status}. */
  String send(String method, String path, String json, int status)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json)),
        status);
  }

  /** Empties a cache through the admin API ({@code DELETE /api/cache/<cache>}). */
  void clearCache(String cache) throws IOException, InterruptedException {
    String basic =
        Base64.getEncoder()
            .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    send(
        HttpRequest.newBuilder(uri("api/cache/" + cache))
            .header("Authorization", "Basic " + basic)
            .DELETE(),
        204);
  }

  /** {@code /api/cache/stats} of this instance: {@code instance.caches.<cache>}. */
  JsonObject cacheStatistics(String cache) throws IOException, InterruptedException {
    String basic =
        Base64.getEncoder()
            .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    String body =
        send(
            HttpRequest.newBuilder(uri("api/cache/stats"))
                .header("Authorization", "Basic " + basic),
            200);
    JsonObject caches =
        Json.createReader(new StringReader(body))
            .readObject()
            .getJsonObject("instance")
            .getJsonObject("caches");
    return caches.containsKey(cache)
        ? caches.getJsonObject(cache)
        : Json.createObjectBuilder().build();
  }

  private String send(HttpRequest.Builder request, int status)
      throws IOException, InterruptedException {
    HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
    HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != status) {
      throw new IOException(
          built.method()
              + " "
              + built.uri()
              + " answered "
              + response.statusCode()
              + " (expected "
              + status
              + "): "
              + response.body());
    }
    return response.body();
  }

  private URI uri(String path) {
    return URI.create(baseUrl() + path);
  }

  @Override
  public void close() {
    process.close();
  }
}
