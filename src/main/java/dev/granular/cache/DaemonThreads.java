package dev.granular.cache;

import java.util.concurrent.ThreadFactory;

/**
 * Threads of the library's own background work (clean-ups, probes, reports, channels): daemons, so
 * none of them keeps a JVM alive once the application is gone, each named for what it does, so it
 * is found in a thread dump.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** A factory of daemon threads named {@code name}. */
  public static ThreadFactory named(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
