package dev.granular.cache.redis;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The little of the Redis protocol (RESP2) that {@link DirectConnections} speaks: a command as an array of bulk strings,
 * and a reply of any RESP2 type. Replies become Java values only as strings, longs, lists and null: nothing in a
 * reply chooses a class.
 */
final class Resp {

  private static final byte[] CRLF = {'\r', '\n'};

  private Resp() {}

  /** Appends {@code words} to {@code out} as one command ({@code *n} then {@code $len word} each), UTF-8. */
  static void writeCommand(ByteArrayOutputStream out, List<String> words) {
    writeHeader(out, '*', words.size());
    for (String word : words) {
      byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
      writeHeader(out, '$', bytes.length);
      out.write(bytes, 0, bytes.length);
      out.write(CRLF, 0, 2);
    }
  }

  private static void writeHeader(ByteArrayOutputStream out, char type, int length) {
    out.write(type);
    byte[] digits = Integer.toString(length).getBytes(StandardCharsets.US_ASCII);
    out.write(digits, 0, digits.length);
    out.write(CRLF, 0, 2);
  }

  /**
   * Reads one whole reply: a simple or bulk string as {@link String} (UTF-8), an integer as {@link Long}, an array as
   * a {@link List} of replies, a null bulk string or array as {@code null}.
   *
   * @throws RedisErrorReply when the reply is an error (the connection stays usable: the error was read whole)
   * @throws IOException when the stream ends or holds something that is not RESP2
   */
  static Object readReply(InputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("Redis closed the connection");
    }
    String line = readLine(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new RedisErrorReply(line);
      case ':':
        return parseLong(line);
      case '$':
        return readBulk(in, (int) parseLong(line));
      case '*':
        return readArray(in, (int) parseLong(line));
      default:
        throw new IOException("not a RESP2 reply: type byte " + type);
    }
  }

  private static String readBulk(InputStream in, int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
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
        items.add(e); // an error inside an array (from EXEC, say) is an element, and the rest must still be read
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

  private static long parseLong(String text) throws IOException {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException("not a RESP2 number: " + text);
    }
  }
}
