package dev.granular.cache.tag;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a unit of work built from the cache depends on: every tag (declared and implicit) of every
 * cached value that was read or loaded on this thread while a capture was open. A composite entry
 * built from them (a whole HTTP response, say) can then be stored under all those tags and is
 * voided by any write that voids one of its parts.
 *
 * <p>A part that cannot be tracked (a cache switched off, a value loaded but not stored, a value
 * without versions) marks the capture {@link Capture#untracked() untracked}: the composite must
 * then not be stored, since nothing would void it when that part changes.
 *
 * <p>Thread-bound: it sees the cached calls made on the thread that opened it, which is where a
 * synchronous JAX-RS resource method runs.
 */
public final class ReadDependencies {

  private static final ThreadLocal<Capture> CURRENT = new ThreadLocal<>();

  /**
   * More tags than any one response should depend on. Past it the capture gives up (untracked): it
   * also bounds what a capture left open on a pooled thread (a request that ended without its
   * response filter) can hold.
   */
  static final int MAX_TAGS = 10_000;

  private ReadDependencies() {}

  /** Starts capturing on this thread, replacing any capture left open by earlier work on it. */
  public static Capture open() {
    Capture capture = new Capture();
    CURRENT.set(capture);
    return capture;
  }

  /** True while a capture is open on this thread. */
  public static boolean capturing() {
    return CURRENT.get() != null;
  }

  /** Records that the work depends on {@code tags}; nothing when no capture is open. */
  public static void record(Collection<String> tags) {
    Capture capture = CURRENT.get();
    if (capture != null) {
      if (tags.isEmpty() || capture.untracked) {
        capture.untracked =
            true; // a value without versions: no write could void the composite through it
      } else if (capture.tags.size() + tags.size() > MAX_TAGS) {
        capture.untracked = true;
        capture.tags.clear();
      } else {
        capture.tags.addAll(tags);
      }
    }
  }

  /** Records that the work used a cached part it cannot track. */
  public static void untracked() {
    Capture capture = CURRENT.get();
    if (capture != null) {
      capture.untracked = true;
    }
  }

  /** One capture: the tags seen so far. */
  public static final class Capture {
    private final Set<String> tags = new LinkedHashSet<>();
    private boolean untracked;

    private Capture() {}

    /**
     * Stops capturing on this thread (if this is still its capture); what was captured stays
     * readable.
     */
    public void close() {
      if (CURRENT.get() == this) {
        CURRENT.remove();
      }
    }

    /** The tags captured. */
    public Set<String> tags() {
      return Set.copyOf(tags);
    }

    /** True when a part could not be tracked, so a composite of them must not be stored. */
    public boolean untracked() {
      return untracked;
    }
  }
}
