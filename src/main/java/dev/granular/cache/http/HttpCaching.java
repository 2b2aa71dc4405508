package dev.granular.cache.http;

import dev.granular.cache.config.Settings;
import jakarta.ws.rs.core.CacheControl;
import java.time.Duration;

/**
 * The {@code Cache-Control} that cached resources send: {@code max-age} from {@code http.<resource>.max-age}, else
 * {@code http.default.max-age}, else 0. With 0 (the default) a client keeps the response but revalidates it with
 * {@code If-None-Match} each time, which costs a 304 and no body: clients then see a write as soon as the server does,
 * the guarantee the cache gives. A longer max-age trades that for fewer requests.
 */
public final class HttpCaching {

  private HttpCaching() {}

  /** {@code Cache-Control: max-age=<seconds>} (private when {@code http.<resource>.private=true}). */
  public static CacheControl cacheControl(String resource) {
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
