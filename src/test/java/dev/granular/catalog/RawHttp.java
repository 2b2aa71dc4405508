package dev.granular.catalog;

import dev.granular.support.Http.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a bare socket, for bodies the server refuses before reading them. JDK
 * 17's HttpClient reads no response before it has sent the whole body (JDK-8350451) and was seen
 * hanging on Payara's early 413 here; this writes the body on its own thread and reads the answer
 * whenever it comes.
 */
final class RawHttp {

  private RawHttp() {}

  static Reply send(
      URI uri, String method, Map<String, String> headers, byte[] body, boolean chunked) {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder(method + " " + uri.getRawPath() + " HTTP/1.1\r\n");
      head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
      head.append("Connection: close\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length)
          .append("\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      Thread writer = new Thread(() -> write(out, head.toString(), body, chunked), "raw-http-body");
      writer.setDaemon(true);
      writer.start();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(OutputStream out, String head, byte[] body, boolean chunked) {
    try {
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      if (!chunked) {
        out.write(body);
      } else {
        for (int offset = 0; offset < body.length; offset += 65536) {
          int length = Math.min(65536, body.length - offset);
          out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(body, offset, length);
          out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.flush();
    } catch (IOException closedByTheServer) {
      // the answer is already on its way: the reader has it
    }
  }

  /** Status line, headers and a body of Content-Length bytes (what Payara sends for a problem). */
  private static Reply parse(byte[] response) {
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no HTTP response: " + text);
    }
    List<String> lines = Arrays.asList(text.substring(0, end).split("\r\n"));
    int status = Integer.parseInt(lines.get(0).split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).strip(), List.of(line.substring(colon + 1).strip()));
    }
    HttpHeaders all = HttpHeaders.of(headers, (name, value) -> true);
    int length = (int) all.firstValueAsLong("Content-Length").orElse(response.length - end - 4);
    String body = new String(response, end + 4, length, StandardCharsets.UTF_8);
    return new Reply(status, all.firstValue("Content-Type").orElse(""), null, body, all);
  }
}
