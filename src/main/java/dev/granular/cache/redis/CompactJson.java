package dev.granular.cache.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * JSON squeezed for Redis: raw DEFLATE with a preset dictionary (the value type's property names,
 * see {@link JsonDictionary}), then written 7 bits per character. Redisson's string codec stores a
 * character below 128 as one byte, so the text costs 8/7 of the compressed bytes, where Base64
 * would cost 4/3 and raw bytes in a Java string up to 2. A product of about 180 bytes of JSON takes
 * about 90.
 *
 * <p>Only JSON is ever inflated here, and then parsed by JSON-B into the declared type: nothing in
 * the payload chooses a class.
 */
final class CompactJson {

  private static final int MAX_INFLATED = 1 << 24;

  private CompactJson() {}

  static String pack(String json, byte[] dictionary) {
    byte[] input = json.getBytes(StandardCharsets.UTF_8);
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      deflater.setDictionary(dictionary);
      deflater.setInput(input);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 16);
      byte[] buffer = new byte[Math.max(64, input.length)];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return sevenBits(out.toByteArray());
    } finally {
      deflater.end();
    }
  }

  /**
   * The JSON packed in {@code text}; an {@link IllegalArgumentException} when it is not a packed
   * payload.
   */
  static String unpack(String text, byte[] dictionary) {
    byte[] input = eightBits(text);
    Inflater inflater = new Inflater(true);
    try {
      inflater.setDictionary(dictionary);
      inflater.setInput(input);
      ByteArrayOutputStream out = new ByteArrayOutputStream(input.length * 3);
      byte[] buffer = new byte[Math.max(256, input.length * 3)];
      while (!inflater.finished()) {
        int inflated = inflater.inflate(buffer);
        if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalArgumentException("truncated packed JSON");
        }
        out.write(buffer, 0, inflated);
        if (out.size() > MAX_INFLATED) {
          throw new IllegalArgumentException(
              "packed JSON inflates beyond " + MAX_INFLATED + " bytes");
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not packed JSON: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  /**
   * Bytes as characters of 7 bits each (0 to 127), most significant bits first; the last one padded
   * with zeros.
   */
  static String sevenBits(byte[] bytes) {
    StringBuilder text = new StringBuilder(bytes.length * 8 / 7 + 1);
    int bits = 0;
    int pending = 0;
    for (byte b : bytes) {
      pending = (pending << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 7) {
        bits -= 7;
        text.append((char) ((pending >>> bits) & 0x7f));
      }
      pending &= (1 << bits) - 1;
    }
    if (bits > 0) {
      text.append((char) ((pending << (7 - bits)) & 0x7f));
    }
    return text.toString();
  }

  /** The bytes {@link #sevenBits} wrote; trailing padding bits are dropped. */
  static byte[] eightBits(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 7 / 8 + 1);
    int bits = 0;
    int pending = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0x7f) {
        throw new IllegalArgumentException("not a 7-bit character: " + (int) c);
      }
      pending = (pending << 7) | c;
      bits += 7;
      if (bits >= 8) {
        bits -= 8;
        out.write((pending >>> bits) & 0xff);
        pending &= (1 << bits) - 1;
      }
    }
    return out.toByteArray();
  }
}
