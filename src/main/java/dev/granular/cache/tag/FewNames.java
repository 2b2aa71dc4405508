package dev.granular.cache.tag;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Names made from a few others and needed on every cache hit (a cache's tag, the version keys of it
 * and of {@code #all}), each written once. Bounded, in case the few turn out to be many: past
 * {@value #MOST_KEPT} names, new ones are made afresh on every call.
 */
final class FewNames {

  private static final int MOST_KEPT = 1024;

  private final Map<String, String> made = new ConcurrentHashMap<>();
  private final UnaryOperator<String> make;

  FewNames(UnaryOperator<String> make) {
    this.make = make;
  }

  /** The name made from {@code from}, kept from an earlier call when there was one. */
  String of(String from) {
    String name = made.get(from);
    if (name == null) {
      name = make.apply(from);
      if (made.size() < MOST_KEPT) {
        made.put(from, name);
      }
    }
    return name;
  }
}
