package dev.granular.cache.redis;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The little of the Redis protocol (RESP2) that {@link DirectConnections} speaks: a command as an
 * array of bulk strings, and a reply of any RESP2 type. Replies become Java values only as strings,
 * longs, lists and null: nothing in a reply chooses a class.
 */
final class Resp {

  private Resp() {}

  /**
   * Appends {@code words} to {@code out} as one command ({@code *n} then {@code $len word} each),
   * UTF-8.
   */
  static void writeCommand(CommandBuffer out, List<String> words) {
    out.putHeader('*', words.size());
    for (String word : words) {
      out.putBulk(word);
    }
  }

  /**
   * Reads one whole reply: a simple or bulk string as {@link String} (UTF-8), an integer as {@link
   * Long}, an array as a {@link List} of replies, a null bulk string or array as {@code null}.
   *
   * @throws RedisErrorReply when the reply is an error (the connection stays usable: the error was
   *     read whole)
   * @throws IOException when the stream ends or holds something that is not RESP2
   */
  static Object readReply(InputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("Redis closed the connection");
    }
    switch (type) {
      case '+':
        return readLine(in);
      case '-':
        throw new RedisErrorReply(readLine(in));
      case ':':
        return readNumber(in);
      case '$':
        return readBulk(in, toLength(readNumber(in)));
      case '*':
        return readArray(in, toLength(readNumber(in)));
      default:
        throw new IOException("not a RESP2 reply: type byte " + type);
    }
  }

  private static String readBulk(InputStream in, int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    if (in.readNBytes(bytes, 0, length) < length || in.read() != '\r' || in.read() != '\n') {
      throw new EOFException("a bulk string of " + length + " bytes ended early");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<Object> readArray(InputStream in, int length) throws IOException {
    if (length < 0) {
      return null;
    }
    List<Object> items = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      try {
        items.add(readReply(in));
      } catch (RedisErrorReply e) {
        items.add(
            e); // an error inside an array (from EXEC, say) is an element, and the rest must still
        // be read
      }
    }
    return items;
  }

  // Header lines are short ASCII: a length, a number, OK or an error message.
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(16);
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new EOFException("Redis closed the connection in the middle of a reply");
      }
      line.append((char) c);
    }
    if (in.read() != '\n') {
      throw new IOException("a reply line not ended by CRLF: " + line);
    }
    return line.toString();
  }

  /**
   * A header's number, read up to its CRLF without making a string of it: an integer reply, or the
   * length of a bulk string or an array ({@code -1} for null).
   */
  private static long readNumber(InputStream in) throws IOException {
    int c = in.read();
    boolean negative = c == '-';
    if (negative) {
      c = in.read();
    }
    long value = 0; // kept negative, so that Long.MIN_VALUE fits
    int digits = 0;
    for (; c >= '0' && c <= '9'; c = in.read(), digits++) {
      if (value < (Long.MIN_VALUE + (c - '0')) / 10) {
        throw new IOException("not a RESP2 number: beyond 64 bits");
      }
      value = value * 10 - (c - '0');
    }
    if (c < 0) {
      throw new EOFException("Redis closed the connection in the middle of a reply");
    }
    if (digits == 0 || c != '\r') {
      throw new IOException("not a RESP2 number: '" + (char) c + "' after " + digits + " digits");
    }
    if (in.read() != '\n') {
      throw new IOException("a reply line not ended by CRLF");
    }
    if (!negative && value == Long.MIN_VALUE) {
      throw new IOException("not a RESP2 number: beyond 64 bits");
    }
    return negative ? value : -value;
  }

  private static int toLength(long length) throws IOException {
    if (length < -1 || length > Integer.MAX_VALUE) {
      throw new IOException("not a RESP2 length: " + length);
    }
    return (int) length;
  }
}
