package dev.granular.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis command with its whole reply parsed (strings, numbers, nested lists), for replies too
 * large for {@code PrivateRedis.command}, such as a full {@code SLOWLOG GET}.
 */
final class RespReply {

  private RespReply() {}

  /**
   * Sends {@code words} and returns the reply: a String, a Long, a List, or null. Errors are
   * thrown.
   */
  static Object command(int port, String... words) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(("*" + words.length + "\r\n").getBytes(StandardCharsets.UTF_8));
      for (String word : words) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        request.writeBytes(bytes);
        request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toByteArray());
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()));
    }
  }

  private static Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IOException("Redis error: " + line);
      case ':':
        return Long.parseLong(line);
      case '$':
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      case '*':
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(read(in));
        }
        return items;
      default:
        throw new IOException("Unexpected RESP type '" + (char) type + "'");
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("Connection closed mid-reply");
      }
      line.write(c);
    }
    in.read(); // '\n'
    return line.toString(StandardCharsets.UTF_8);
  }
}
