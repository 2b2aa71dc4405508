package dev.granular.cache.http;

/**
 * Whether a request's {@code If-None-Match} names the current representation (RFC 9110, 13.1.2):
 * {@code *}, or a comma-separated list of entity tags compared weakly (a {@code W/} prefix on
 * either side is ignored).
 *
 * <p>Why not {@code Request.evaluatePreconditions}: on the cache hit path the JAX-RS {@code
 * Request} costs an injection lookup per call and a parse of every precondition header, where the
 * only one a GET of a cached representation answers is this; reading the header as a parameter and
 * comparing strings is a few string operations. A value that is not a list of entity tags names
 * nothing from where it stops being one: the full representation is sent.
 */
public final class IfNoneMatch {

  private IfNoneMatch() {}

  /**
   * Whether {@code header} (the request's {@code If-None-Match}, null when absent) names the entity
   * tag whose opaque value, without quotes, is {@code opaqueTag}.
   */
  public static boolean matches(String header, String opaqueTag) {
    if (header == null) {
      return false;
    }
    int length = header.length();
    int i = skipSeparators(header, 0);
    while (i < length) {
      // one member: *, "tag" or W/"tag" (a tag may hold commas: it ends at its closing quote)
      if (header.charAt(i) == '*') {
        int next = skipWhiteSpace(header, i + 1);
        return next == length || header.charAt(next) == ','; // else not a list of tags
      }
      if (header.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= length || header.charAt(i) != '"') {
        return false;
      }
      int close = header.indexOf('"', i + 1);
      if (close < 0) {
        return false;
      }
      if (close - i - 1 == opaqueTag.length()
          && header.regionMatches(i + 1, opaqueTag, 0, opaqueTag.length())) {
        return true;
      }
      i = skipWhiteSpace(header, close + 1);
      if (i < length && header.charAt(i) != ',') {
        return false;
      }
      i = skipSeparators(header, i);
    }
    return false;
  }

  private static int skipSeparators(String header, int i) {
    while (i < header.length() && (header.charAt(i) == ',' || isWhiteSpace(header.charAt(i)))) {
      i++;
    }
    return i;
  }

  private static int skipWhiteSpace(String header, int i) {
    while (i < header.length() && isWhiteSpace(header.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isWhiteSpace(char c) {
    return c == ' ' || c == '\t';
  }
}
