package dev.granular.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A small JSON-over-HTTP client for the REST tests, run from the test JVM against the deployed
 * application. {@link #admin()} sends the admin credentials that {@code arquillian.xml} gives the
 * server.
 */
public final class Http {

  /** The test server's admin credentials: a fixture of {@code arquillian.xml}, not a secret. */
  public static final String ADMIN_USER = "admin";

  public static final String ADMIN_PASSWORD = "test-only-admin-password";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;
  private final String authorization;

  public Http(URL deploymentUrl) {
    this(URI.create(deploymentUrl.toString().replaceAll("/?$", "/")), null);
  }

  private Http(URI base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** {@code Basic base64(user:password)} in UTF-8 (RFC 7617). */
  public static String basic(String user, String password) {
    String pair = user + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** This client, sending the admin credentials on every request. */
  public Http admin() {
    return withAuthorization(basic(ADMIN_USER, ADMIN_PASSWORD));
  }

  /** This client, sending {@code Authorization: value} on every request (or none for null). */
  public Http withAuthorization(String value) {
    return new Http(base, value);
  }

  /** A response: status, content type, location, body text and every header. */
  public record Reply(
      int status, String contentType, String location, String body, HttpHeaders headers) {
    public JsonObject json() {
      return (JsonObject) structure();
    }

    public JsonArray array() {
      return (JsonArray) structure();
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    private JsonStructure structure() {
      try (var reader = Json.createReader(new StringReader(body))) {
        return reader.read();
      }
    }
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** A GET with request headers, given as name, value, name, value... */
  public Reply get(String path, String... headers) {
    return send(HttpRequest.newBuilder(uri(path)).headers(headers).GET());
  }

  /** A PUT of JSON with more request headers, given as name, value, name, value... */
  public Reply put(String path, String json, String... headers) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .headers(headers)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /**
   * A GET of a path from the server's root rather than the application's, such as {@code
   * /health/ready}.
   */
  public Reply getAbsolute(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  public Reply delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  public Reply post(String path, String json) {
    return send("POST", path, "application/json", HttpRequest.BodyPublishers.ofString(json));
  }

  public Reply put(String path, String json) {
    return send("PUT", path, "application/json", HttpRequest.BodyPublishers.ofString(json));
  }

  /** Any method, with a body of any content type (none when {@code contentType} is null). */
  public Reply send(String method, String path, String contentType, BodyPublisher body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  public URI uri(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  private Reply send(HttpRequest.Builder request) {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response =
          CLIENT.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Location").orElse(null),
          response.body(),
          response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
