package dev.granular.cache.redis;

import java.util.List;
import java.util.function.Consumer;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.StringCodec;

/**
 * Runs Redisson batches that hold Lua scripts, so that they survive a server that forgot its
 * scripts.
 *
 * <p>Redisson sends a batched script as {@code EVALSHA} once it has loaded it on a server, and
 * believes it loaded until its connection to that server drops. After a {@code SCRIPT FLUSH} (an
 * operator's, or a managed Redis's maintenance) every such batch would fail with {@code NOSCRIPT}
 * until the application restarts, and unlike a single script call, a batch does not load the script
 * again by itself. Here the batch's scripts are then loaded on every master and the batch is built
 * and sent once more. Its commands must bear running twice: those before the failing script in a
 * non-atomic batch already ran.
 */
public final class ScriptBatches {

  private ScriptBatches() {}

  /**
   * Builds a batch with {@code commands}, runs it and gives its responses; on {@code NOSCRIPT},
   * loads {@code scripts} (the sources of every script the batch may hold) and runs a new batch
   * built the same way.
   */
  public static BatchResult<?> execute(
      RedissonClient client, Consumer<RBatch> commands, List<String> scripts) {
    try {
      return run(client, commands);
    } catch (RuntimeException e) {
      if (!forgotScript(e)) {
        throw e;
      }
      scripts.forEach(script -> client.getScript(StringCodec.INSTANCE).scriptLoad(script));
      return run(client, commands);
    }
  }

  private static BatchResult<?> run(RedissonClient client, Consumer<RBatch> commands) {
    RBatch batch = client.createBatch();
    commands.accept(batch);
    return batch.execute();
  }

  /** Whether {@code failure}, or one of its causes, is the server's {@code NOSCRIPT}. */
  static boolean forgotScript(Throwable failure) {
    for (Throwable cause = failure;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof RedisNoScriptException) {
        return true;
      }
    }
    return false;
  }
}
