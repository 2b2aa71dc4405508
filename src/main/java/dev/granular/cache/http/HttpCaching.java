package dev.granular.cache.http;

import dev.granular.cache.config.Settings;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Cache-Control} that cached resources send: {@code max-age} from {@code http.<resource>.max-age}, else
 * {@code http.default.max-age}, else 0. With 0 (the default) a client keeps the response but revalidates it with
 * {@code If-None-Match} each time, which costs a 304 and no body: clients then see a write as soon as the server does,
 * the guarantee the cache gives. A longer max-age trades that for fewer requests.
 */
public final class HttpCaching {

  // Read once per resource: this runs on every cached GET. Never modified after it is built.
  private static final Map<String, CacheControl> CONTROLS = new ConcurrentHashMap<>();

  private HttpCaching() {}

  /**
   * The answer to a GET of a representation whose entity tag is {@code tag}: 304 without a body when the request's
   * {@code If-None-Match} names it, else 200 with {@code entity}; both with the tag and the resource's
   * {@link #cacheControl}.
   */
  public static Response conditional(Request request, EntityTag tag, String resource, Object entity) {
    Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
    return (notModified != null ? notModified : Response.ok(entity))
        .tag(tag)
        .cacheControl(cacheControl(resource))
        .build();
  }

  /** {@code Cache-Control: max-age=<seconds>} (private when {@code http.<resource>.private=true}). */
  public static CacheControl cacheControl(String resource) {
    return CONTROLS.computeIfAbsent(resource, HttpCaching::read);
  }

  private static CacheControl read(String resource) {
    CacheControl control = new CacheControl();
    control.setNoTransform(false);
    Duration maxAge =
        Settings.getDuration(
            "http." + resource + ".max-age", Settings.getDuration("http.default.max-age", Duration.ZERO));
    control.setMaxAge((int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds()));
    control.setPrivate(Settings.getBoolean("http." + resource + ".private", false));
    return control;
  }
}
