package dev.granular.cache.redis;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One blocking connection to a Redis server, used by one thread at a time ({@link
 * DirectConnections} pools them). The calling thread writes the command and reads the reply itself:
 * no I/O thread in between to wake and wait for.
 *
 * <p>The socket stays in blocking mode, one system call per read, and its timeout is a deadline
 * that {@link ReplyDeadlines} enforces by closing the connection (see there why not {@code
 * SO_TIMEOUT}).
 */
final class DirectConnection implements Closeable {

  private final SocketChannel channel;
  private final ReplyDeadlines deadlines;
  private final long timeoutNanos;
  private final int timeoutMillis;
  // 0 while no operation is under way, else System.nanoTime() past which the watchdog closes the
  // connection
  private volatile long deadline;
  private volatile boolean expired;
  private final OutputStream out;
  private final InputStream in;
  private final CommandBuffer command = new CommandBuffer(512);

  /**
   * Connects, authenticates when the endpoint has a password, and names the connection so that
   * {@code CLIENT LIST} tells it from Redisson's.
   *
   * @throws IOException when Redis cannot be reached in time or refuses the credentials
   */
  DirectConnection(
      DirectEndpoint endpoint,
      int connectTimeoutMillis,
      int timeoutMillis,
      ReplyDeadlines deadlines)
      throws IOException {
    this.deadlines = deadlines;
    this.timeoutMillis = timeoutMillis;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    channel =
        endpoint.unixSocket().isPresent()
            ? SocketChannel.open(StandardProtocolFamily.UNIX)
            : SocketChannel.open();
    try {
      if (endpoint.unixSocket().isPresent()) {
        // A local socket connects at once or fails at once (no such file, nobody listening,
        // permission denied).
        channel.connect(UnixDomainSocketAddress.of(endpoint.unixSocket().get()));
      } else {
        Socket socket = channel.socket();
        // A channel in blocking mode connects with a timeout and goes back to blocking mode (a
        // Socket would not).
        socket.connect(
            new InetSocketAddress(endpoint.host(), endpoint.port()), connectTimeoutMillis);
        socket.setTcpNoDelay(true);
      }
      out = Channels.newOutputStream(channel);
      in = new ReplyStream(channel, 8192);
      deadlines.watch(this);
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
    send();
  }

  /**
   * Sends two commands in one socket write without waiting for their replies; {@link #read} reads
   * them in order. Redis reads both at once and sends both replies together: one round trip for the
   * two.
   */
  void write(List<String> first, List<String> second) throws IOException {
    command.reset();
    Resp.writeCommand(command, first);
    Resp.writeCommand(command, second);
    send();
  }

  private void send() throws IOException {
    arm();
    try {
      command.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw timedOutOr(e);
    } finally {
      deadline = 0;
    }
  }

  /**
   * Reads the next reply: replies come in the order their commands were written.
   *
   * @throws RedisErrorReply when Redis answered with an error; the connection can go on
   * @throws IOException when the connection failed or timed out; it must then be closed
   */
  Object read() throws IOException {
    arm();
    try {
      return Resp.readReply(in);
    } catch (IOException e) {
      throw timedOutOr(e);
    } finally {
      deadline = 0;
    }
  }

  private void arm() throws IOException {
    if (expired) {
      throw new SocketTimeoutException(
          "closed after Redis did not answer within " + timeoutMillis + " ms");
    }
    deadline = System.nanoTime() + timeoutNanos;
  }

  // The watchdog's close shows as an AsynchronousCloseException (or a closed stream) in the blocked
  // thread.
  private IOException timedOutOr(IOException e) {
    if (!expired) {
      return e;
    }
    SocketTimeoutException timeout =
        new SocketTimeoutException("Redis did not answer within " + timeoutMillis + " ms");
    timeout.initCause(e);
    return timeout;
  }

  /**
   * Called by the watchdog: closes the connection when its operation has run past its deadline at
   * {@code now}. An operation that ends just as its deadline is read may let the close hit the next
   * one: that one fails as a timeout too, after Redis took longer than the timeout to answer the
   * first.
   */
  void expireIfOverdue(long now) {
    long due = deadline;
    if (due != 0 && now - due > 0) {
      expired = true;
      close();
    }
  }

  @Override
  public void close() {
    deadlines.forget(this);
    try {
      channel.close();
    } catch (IOException e) {
      // closing a broken socket: nothing left to release
    }
  }
}
