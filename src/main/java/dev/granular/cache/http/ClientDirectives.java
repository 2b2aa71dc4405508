package dev.granular.cache.http;

import java.util.Locale;

/**
 * What a request's {@code Cache-Control} (or the older {@code Pragma}) asks of the response cache.
 *
 * <p>{@code max-age=0}, which browsers send on reload, is not a bypass: an entry is never older
 * than the last committed write it depends on, so it is as fresh as a response built anew.
 *
 * @param noCache {@code no-cache}: do not answer from the cache, but store the fresh response
 * @param noStore {@code no-store}: neither answer from the cache nor store
 */
record ClientDirectives(boolean noCache, boolean noStore) {

  static final ClientDirectives NONE = new ClientDirectives(false, false);

  /** The directives of the given header values (null when absent). */
  static ClientDirectives of(String cacheControl, String pragma) {
    boolean noCache = false;
    boolean noStore = false;
    if (cacheControl != null) {
      for (String directive : cacheControl.split(",")) {
        String name = directive.trim().toLowerCase(Locale.ROOT);
        int equals = name.indexOf('=');
        name = equals < 0 ? name : name.substring(0, equals).trim();
        noCache |= name.equals("no-cache");
        noStore |= name.equals("no-store");
      }
    }
    if (cacheControl == null
        && pragma != null
        && pragma.toLowerCase(Locale.ROOT).contains("no-cache")) {
      noCache = true; // HTTP/1.0 clients; Cache-Control wins when both are sent (RFC 9111, 5.4)
    }
    return noCache || noStore ? new ClientDirectives(noCache, noStore) : NONE;
  }
}
