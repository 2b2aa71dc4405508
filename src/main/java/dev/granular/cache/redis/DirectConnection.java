package dev.granular.cache.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * One blocking connection to a Redis server, used by one thread at a time ({@link DirectConnections} pools them). The
 * calling thread writes the command and reads the reply itself: no I/O thread in between to wake and wait for.
 */
final class DirectConnection implements Closeable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final ByteArrayOutputStream command = new ByteArrayOutputStream(512);

  /**
   * Connects, authenticates when the endpoint has a password, and names the connection so that {@code CLIENT LIST}
   * tells it from Redisson's.
   *
   * @throws IOException when Redis cannot be reached in time or refuses the credentials
   */
  DirectConnection(DirectEndpoint endpoint, int connectTimeoutMillis, int timeoutMillis) throws IOException {
    socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), connectTimeoutMillis);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(timeoutMillis);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 8192);
      if (endpoint.password().isPresent()) {
        List<String> auth = new ArrayList<>(List.of("AUTH"));
        endpoint.username().ifPresent(auth::add);
        auth.add(endpoint.password().get());
        call(auth);
      }
      try {
        call(List.of("CLIENT", "SETNAME", "granular-cache-direct"));
      } catch (RedisErrorReply e) {
        if ("NOAUTH".equals(e.code())) {
          throw e; // a password is required and none was configured
        }
        // else an ACL user without the connection commands: the name is only a help for operators
      }
    } catch (RedisErrorReply e) {
      close();
      throw new IOException("Redis refused the connection: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Sends one command and waits for its reply (at most the timeout given at connection).
   *
   * @throws RedisErrorReply when Redis answers with an error; the connection can go on
   * @throws IOException when the connection failed or timed out; it must then be closed
   */
  Object call(List<String> words) throws IOException {
    write(words);
    return read();
  }

  /** Sends one command without waiting for its reply; {@link #read} reads it. */
  void write(List<String> words) throws IOException {
    command.reset();
    Resp.writeCommand(command, words);
    command.writeTo(out);
    out.flush();
  }

  /**
   * Sends two commands in one socket write without waiting for their replies; {@link #read} reads them in order.
   * Redis reads both at once and sends both replies together: one round trip for the two.
   */
  void write(List<String> first, List<String> second) throws IOException {
    command.reset();
    Resp.writeCommand(command, first);
    Resp.writeCommand(command, second);
    command.writeTo(out);
    out.flush();
  }

  /**
   * Reads the next reply: replies come in the order their commands were written.
   *
   * @throws RedisErrorReply when Redis answered with an error; the connection can go on
   * @throws IOException when the connection failed or timed out; it must then be closed
   */
  Object read() throws IOException {
    return Resp.readReply(in);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a broken socket: nothing left to release
    }
  }
}
