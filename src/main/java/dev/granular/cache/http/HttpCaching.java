package dev.granular.cache.http;

import dev.granular.cache.config.Settings;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Cache-Control} that cached resources send: {@code max-age} from {@code
 * http.<resource>.max-age}, else {@code http.default.max-age}, else 0. With 0 (the default) a
 * client keeps the response but revalidates it with {@code If-None-Match} each time, which costs a
 * 304 and no body: clients then see a write as soon as the server does, the guarantee the cache
 * gives. A longer max-age trades that for fewer requests.
 */
public final class HttpCaching {

  // The Cache-Control header of each resource, read and formatted once: this runs on every cached
  // GET.
  private static final Map<String, String> CONTROL_HEADERS = new ConcurrentHashMap<>();

  private HttpCaching() {}

  /**
   * The answer to a GET of a representation whose entity tag is {@code tag}: 304 without a body
   * when {@code ifNoneMatch} (the request's {@code If-None-Match}, null when absent) names it, else
   * 200 with {@code entity}; both with the tag and the resource's {@link #cacheControl}. Both
   * headers are written as text here: Jersey would otherwise format them through its header
   * delegates on every response.
   */
  public static Response conditional(
      String ifNoneMatch, EntityTag tag, String resource, Object entity) {
    Response.ResponseBuilder answer =
        IfNoneMatch.matches(ifNoneMatch, tag.getValue())
            ? Response.notModified()
            : Response.ok(entity);
    return answer
        .header(HttpHeaders.ETAG, headerValue(tag))
        .header(
            HttpHeaders.CACHE_CONTROL,
            CONTROL_HEADERS.computeIfAbsent(resource, r -> format(cacheControl(r))))
        .build();
  }

  /**
   * {@code Cache-Control: max-age=<seconds>} (private when {@code http.<resource>.private=true}).
   */
  public static CacheControl cacheControl(String resource) {
    return read(resource);
  }

  /**
   * The {@code ETag} header value of {@code tag}: its value quoted, after {@code W/} when it is
   * weak.
   */
  static String headerValue(EntityTag tag) {
    String value = tag.getValue();
    if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
      return format(tag); // not a plain entity tag: whatever the runtime makes of it
    }
    return (tag.isWeak() ? "W/\"" : "\"") + value + '"';
  }

  @SuppressWarnings("unchecked") // the delegate of the header's own class
  private static String format(Object header) {
    return RuntimeDelegate.getInstance()
        .createHeaderDelegate((Class<Object>) header.getClass())
        .toString(header);
  }

  private static CacheControl read(String resource) {
    CacheControl control = new CacheControl();
    control.setNoTransform(false);
    Duration maxAge =
        Settings.getDuration(
            "http." + resource + ".max-age",
            Settings.getDuration("http.default.max-age", Duration.ZERO));
    control.setMaxAge((int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds()));
    control.setPrivate(Settings.getBoolean("http." + resource + ".private", false));
    return control;
  }
}
