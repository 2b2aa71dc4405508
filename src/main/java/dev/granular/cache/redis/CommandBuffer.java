package dev.granular.cache.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of the commands a {@link DirectConnection} is about to write, kept between commands.
 * Unlike the {@link ByteArrayOutputStream} it extends, its own writes take no lock (one thread
 * fills it) and write ASCII text and numbers without making a {@code byte[]} of each first: a cache
 * hit's command is a dozen short ASCII words.
 */
final class CommandBuffer extends ByteArrayOutputStream {

  CommandBuffer(int size) {
    super(size);
  }

  /** Appends one byte. */
  void put(int b) {
    room(1);
    buf[count++] = (byte) b;
  }

  /** Appends {@code n} (at least 0) in decimal. */
  void putDigits(int n) {
    int length = 1;
    for (int rest = n / 10; rest > 0; rest /= 10) {
      length++;
    }
    room(length);
    for (int at = count + length - 1, rest = n; at >= count; at--, rest /= 10) {
      buf[at] = (byte) ('0' + rest % 10);
    }
    count += length;
  }

  /**
   * Appends {@code text} as a RESP bulk string: {@code $}, its length in UTF-8 bytes, CRLF, the
   * bytes, CRLF.
   */
  void putBulk(String text) {
    if (!isAscii(text)) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      putHeader('$', bytes.length);
      room(bytes.length);
      System.arraycopy(bytes, 0, buf, count, bytes.length);
      count += bytes.length;
    } else {
      int length = text.length();
      putHeader('$', length);
      room(length);
      for (int i = 0; i < length; i++) {
        buf[count + i] = (byte) text.charAt(i);
      }
      count += length;
    }
    putCrlf();
  }

  /** Appends a RESP header line: the type byte, {@code length} in decimal, CRLF. */
  void putHeader(char type, int length) {
    put(type);
    putDigits(length);
    putCrlf();
  }

  private void putCrlf() {
    room(2);
    buf[count++] = '\r';
    buf[count++] = '\n';
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private void room(int more) {
    if (count + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
    }
  }
}
