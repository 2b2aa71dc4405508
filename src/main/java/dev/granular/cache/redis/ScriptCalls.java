package dev.granular.cache.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The script calls of {@link DirectConnections} on a connection taken from their pool: the {@code
 * EVALSHA} written, after the {@link CarriedCall} it carries when there is one, and the replies
 * read, the whole script sent once when the server does not know it ({@code NOSCRIPT}). Counts the
 * scripts so sent and the calls carried.
 */
final class ScriptCalls {

  private final DirectConnectionPool pool;
  private final LongAdder scriptsLoaded = new LongAdder();
  private final LongAdder carriedCalls = new LongAdder();

  ScriptCalls(DirectConnectionPool pool) {
    this.pool = pool;
  }

  // Writes the script call, after the rider's when there is one, and reads the replies; the rider
  // gets its outcome.
  Object evalOn(
      DirectConnection connection,
      CarriedCall rider,
      LuaScript script,
      List<String> keys,
      List<String> arguments)
      throws IOException {
    List<String> call = command("EVALSHA", script.sha1(), keys, arguments);
    try {
      if (rider == null) {
        connection.write(call);
      } else {
        connection.write(
            command("EVALSHA", rider.script.sha1(), rider.keys, rider.arguments), call);
      }
    } catch (IOException | RuntimeException e) {
      connection.close();
      if (rider != null) {
        rider.failed(pool.lost(e)); // part of the write may have reached Redis
      }
      throw e;
    }
    if (rider != null) {
      readRiderReply(connection, rider);
    }
    return readScriptReply(connection, script, keys, arguments);
  }

  // The rider's reply comes first. Any reply leaves the connection usable; a failed socket fails
  // both calls.
  private void readRiderReply(DirectConnection connection, CarriedCall rider) throws IOException {
    carriedCalls.increment();
    try {
      rider.answered(connection.read());
    } catch (RedisErrorReply e) {
      if ("NOSCRIPT".equals(e.code())) {
        rider.notRun(); // Redis ran nothing: sent alone (with its source) when awaited
      } else {
        rider.failed(e);
      }
    } catch (IOException | RuntimeException e) {
      connection.close();
      rider.failed(pool.lost(e));
      throw e;
    }
  }

  /**
   * Reads the reply to an {@code EVALSHA} written on {@code connection}, sending the whole script
   * once when the server does not know it (Redis ran nothing then). Gives the connection back after
   * any reply, error replies included; closes it when the socket failed.
   */
  Object readScriptReply(
      DirectConnection connection, LuaScript script, List<String> keys, List<String> arguments)
      throws IOException {
    boolean usable = false;
    try {
      Object reply;
      try {
        reply = connection.read();
      } catch (RedisErrorReply e) {
        if (!"NOSCRIPT".equals(e.code())) {
          usable = true;
          throw e;
        }
        scriptsLoaded.increment();
        reply = connection.call(command("EVAL", script.source(), keys, arguments));
      }
      usable = true;
      return reply;
    } catch (RedisErrorReply e) {
      usable = true;
      throw e;
    } finally {
      if (usable) {
        pool.release(connection);
      } else {
        connection.close();
      }
    }
  }

  static List<String> command(
      String name, String script, List<String> keys, List<String> arguments) {
    List<String> words = new ArrayList<>(3 + keys.size() + arguments.size());
    words.add(name);
    words.add(script);
    words.add(Integer.toString(keys.size()));
    words.addAll(keys);
    words.addAll(arguments);
    return words;
  }

  /** Scripts sent whole since the start, because the server did not know them. */
  long scriptsLoaded() {
    return scriptsLoaded.sum();
  }

  /** Calls carried by reads since the start. */
  long carried() {
    return carriedCalls.sum();
  }
}
