package dev.granular.testredis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import redis.embedded.RedisServer;

/**
 * A Redis server of our own on a port of our choosing, for tests and the run command: Debian's (or
 * any) {@code redis-server} on the PATH, else the binary shipped in embedded-redis. It keeps
 * nothing on disk and is never someone else's Redis, so tests may flush it. A {@code redis-server}
 * also listens on a Unix-domain socket of its own ({@link #unixSocket}), for the cache's direct
 * connections when told to use it.
 */
public final class PrivateRedis implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PrivateRedis.class.getName());

  private final int port;
  private final Process process;
  private final RedisServer embedded;

  private final String password;
  private final Path unixSocket;

  private PrivateRedis(
      int port, Process process, RedisServer embedded, String password, Path unixSocket) {
    this.port = port;
    this.process = process;
    this.embedded = embedded;
    this.password = password;
    this.unixSocket = unixSocket;
  }

  /** Linux takes socket paths of at most 107 bytes; Redis refuses to start with a longer one. */
  private static final int MAX_SOCKET_PATH_BYTES = 100;

  /**
   * The Unix-domain socket a server started on {@code port} listens on: in the temporary directory,
   * named after the port; null when that path would be too long for a socket (a deep {@code
   * java.io.tmpdir}), and the server then opens none.
   */
  private static Path unixSocketOf(int port) {
    Path path =
        Path.of(System.getProperty("java.io.tmpdir"), "granular-redis-" + port + ".sock")
            .toAbsolutePath();
    return path.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            <= MAX_SOCKET_PATH_BYTES
        ? path
        : null;
  }

  /**
   * The server's Unix-domain socket; empty for embedded-redis's binary, which is started without
   * one, and when the temporary directory's path is too long for a socket.
   */
  public java.util.Optional<Path> unixSocket() {
    return java.util.Optional.ofNullable(unixSocket);
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Lets a paused server go on (SIGCONT), with all its data. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  /** Kills the server at once (SIGKILL): its data is gone. */
  public void kill() throws IOException, InterruptedException {
    signal("KILL");
    process.waitFor();
  }

  private void signal(String name) throws IOException, InterruptedException {
    if (process == null) {
      throw new IOException("only a redis-server process can be signalled");
    }
    new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
        .inheritIO()
        .start()
        .waitFor();
  }

  /** Starts a server on {@code port} and waits until it answers PING. */
  public static PrivateRedis start(int port) throws IOException {
    return start(port, null);
  }

  /**
   * Starts a server on {@code port}, protected by {@code password} when it is not null (needs
   * {@code redis-server} on the PATH), and waits until it answers.
   */
  public static PrivateRedis start(int port, String password) throws IOException {
    PrivateRedis redis;
    Path installed = onPath("redis-server");
    if (installed != null) {
      List<String> command =
          new java.util.ArrayList<>(
              List.of(
                  installed.toString(),
                  "--port",
                  String.valueOf(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--daemonize",
                  "no",
                  "--loglevel",
                  "warning"));
      Path socket = unixSocketOf(port);
      if (socket != null) {
        command.addAll(List.of("--unixsocket", socket.toString(), "--unixsocketperm", "700"));
      }
      if (password != null) {
        command.addAll(List.of("--requirepass", password));
      }
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      redis = new PrivateRedis(port, process, null, password, socket);
    } else {
      RedisServer server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .build();
      server.start();
      if (password != null) {
        server.stop();
        throw new IOException("a password-protected Redis needs redis-server on the PATH");
      }
      redis = new PrivateRedis(port, null, server, null, null);
    }
    redis.awaitReady(Duration.ofSeconds(20));
    LOG.info(
        () ->
            "Private Redis on "
                + redis.url()
                + (installed != null ? " (" + installed + ")" : " (embedded-redis)"));
    return redis;
  }

  /** A port nobody listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Sends one inline command and returns the raw reply, for checks that need no client library. */
  public static String command(int port, String... words) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2000);
      StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
      for (String word : words) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        request.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      java.io.ByteArrayOutputStream reply = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[65536];
      // a long reply (a slow log) comes in several reads: read until it is whole
      for (int read; (read = in.read(buffer)) >= 0; ) {
        reply.write(buffer, 0, read);
        if (endOfReply(reply.toByteArray(), 0) >= 0) {
          break;
        }
      }
      return reply.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Where the RESP reply starting at {@code at} ends, or -1 when {@code bytes} does not hold all of
   * it yet.
   */
  private static int endOfReply(byte[] bytes, int at) {
    int lineEnd = at;
    while (lineEnd + 1 < bytes.length && !(bytes[lineEnd] == '\r' && bytes[lineEnd + 1] == '\n')) {
      lineEnd++;
    }
    if (at >= bytes.length || lineEnd + 1 >= bytes.length) {
      return -1;
    }
    int next = lineEnd + 2;
    char type = (char) bytes[at];
    if (type != '$' && type != '*') {
      return next; // a simple string, an error or a number
    }
    long length =
        Long.parseLong(new String(bytes, at + 1, lineEnd - at - 1, StandardCharsets.US_ASCII));
    if (type == '$') {
      long end = length < 0 ? next : next + length + 2;
      return end <= bytes.length ? (int) end : -1;
    }
    for (long item = 0; item < length && next >= 0; item++) {
      next = endOfReply(bytes, next);
    }
    return next;
  }

  private void awaitReady(Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        String reply = password == null ? command(port, "PING") : command(port, "AUTH", password);
        if (reply.startsWith("+PONG") || reply.startsWith("+OK")) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Redis", e);
      }
    }
    close();
    throw new IOException("Redis did not start on port " + port + " within " + timeout);
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (embedded != null) {
      try {
        embedded.stop();
      } catch (IOException e) {
        LOG.warning("Could not stop embedded Redis: " + e);
      }
    }
  }

  private static Path onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : List.of(path.split(java.io.File.pathSeparator))) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
