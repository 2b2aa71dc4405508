package dev.granular.catalog;

import dev.granular.support.Http;
import dev.granular.support.Http.Reply;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One row of {@link HostileInputIT}'s table: a request and the status it must get. A refusal by the
 * application must also come as a problem body; {@link #byServer()} marks the few that Payara
 * answers before the application sees the request, where only the status can be asked for.
 */
final class HostileRequest {

  /**
   * Bodies above this go over a bare socket ({@link RawHttp}), since the server may answer before
   * reading them.
   */
  private static final int RAW_ABOVE = 1024 * 1024;

  private final String method;
  private final String path;
  private String contentType;
  private byte[] body;
  private boolean chunked;
  private String authorization;
  private boolean admin;
  private int status;
  private boolean byServer;
  private Predicate<Reply> check = reply -> true;
  private String checkWhat = "";

  private HostileRequest(String method, String path) {
    this.method = method;
    this.path = path;
  }

  static HostileRequest get(String path) {
    return new HostileRequest("GET", path);
  }

  static HostileRequest delete(String path) {
    return new HostileRequest("DELETE", path);
  }

  static HostileRequest request(String method, String path) {
    return new HostileRequest(method, path);
  }

  static HostileRequest post(String path, String json) {
    return new HostileRequest("POST", path).body("application/json", json);
  }

  static HostileRequest put(String path, String json) {
    return new HostileRequest("PUT", path).body("application/json", json);
  }

  HostileRequest body(String contentType, String text) {
    return body(contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  HostileRequest body(String contentType, byte[] bytes) {
    this.contentType = contentType;
    this.body = bytes;
    return this;
  }

  /** Sends the body without a length (chunked transfer encoding). */
  HostileRequest chunked() {
    this.chunked = true;
    return this;
  }

  HostileRequest admin() {
    this.admin = true;
    return this;
  }

  HostileRequest authorization(String value) {
    this.authorization = value;
    return this;
  }

  HostileRequest expect(int status) {
    this.status = status;
    return this;
  }

  HostileRequest byServer() {
    this.byServer = true;
    return this;
  }

  HostileRequest and(String what, Predicate<Reply> check) {
    this.check = check;
    this.checkWhat = what;
    return this;
  }

  /** What went wrong with this row, or null when the answer was right. */
  String failure(Http http) {
    Reply reply;
    try {
      reply =
          body != null && body.length > RAW_ABOVE
              ? RawHttp.send(http.uri(path), method, headers(), body, chunked)
              : client(http).send(method, path, contentType, publisher());
    } catch (RuntimeException e) {
      return this + ": " + e;
    }
    String answer =
        this
            + " -> "
            + reply.status()
            + " "
            + reply.contentType()
            + " "
            + abbreviated(reply.body());
    if (reply.status() != status) {
      return answer + " (expected " + status + ")";
    }
    if (status >= 400 && !byServer) {
      if (!reply.contentType().startsWith("application/problem+json")) {
        return answer + " (expected a problem body)";
      }
      if (reply.json().getInt("status", -1) != status) {
        return answer + " (the problem's status differs)";
      }
    }
    if (status == 401 && !"Basic realm=\"cache-admin\"".equals(reply.header("WWW-Authenticate"))) {
      return answer + " (WWW-Authenticate: " + reply.header("WWW-Authenticate") + ")";
    }
    return check.test(reply) ? null : answer + " (expected " + checkWhat + ")";
  }

  private Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    if (admin || authorization != null) {
      headers.put(
          "Authorization",
          admin ? Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD) : authorization);
    }
    return headers;
  }

  private Http client(Http http) {
    if (admin) {
      return http.admin();
    }
    return authorization == null ? http : http.withAuthorization(authorization);
  }

  private BodyPublisher publisher() {
    if (body == null) {
      return BodyPublishers.noBody();
    }
    return chunked
        ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
        : BodyPublishers.ofByteArray(body);
  }

  @Override
  public String toString() {
    String text = body == null ? "" : " " + abbreviated(new String(body, StandardCharsets.UTF_8));
    String size =
        body != null && body.length > 200
            ? " (" + body.length + " bytes" + (chunked ? ", chunked" : "") + ")"
            : "";
    String type = contentType == null ? "" : " [" + contentType + "]";
    String who =
        admin ? " as admin" : authorization != null ? " with Authorization: " + authorization : "";
    return method + " " + path + type + who + text + size;
  }

  private static String abbreviated(String text) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    StringBuilder escaped = new StringBuilder();
    shown
        .codePoints()
        .forEach(
            c ->
                escaped.append(
                    c < 0x20 || c == 0x7f ? String.format("\\x%02x", c) : Character.toString(c)));
    return escaped.toString();
  }
}
