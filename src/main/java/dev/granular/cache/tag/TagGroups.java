package dev.granular.cache.tag;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process index of members (near copies, hot keys) by the tags they depend on, so an
 * invalidation finds its members without a scan. Thread-safe; a tag's group goes when its last
 * member does.
 *
 * @param <T> the members, compared as their class says ({@code equals}, or identity)
 */
public final class TagGroups<T> {

  private final Map<String, Set<T>> groups = new ConcurrentHashMap<>();

  /** Lists {@code member} under each of {@code tags}. */
  public void add(T member, Collection<String> tags) {
    for (String tag : tags) {
      groups.compute(
          tag,
          (t, group) -> {
            Set<T> members = group == null ? ConcurrentHashMap.newKeySet() : group;
            members.add(member);
            return members;
          });
    }
  }

  /** Takes {@code member} out of the groups of {@code tags}. */
  public void remove(T member, Collection<String> tags) {
    for (String tag : tags) {
      groups.computeIfPresent(
          tag,
          (t, group) -> {
            group.remove(member);
            return group.isEmpty() ? null : group;
          });
    }
  }

  /** The members listed under {@code tag} (a live view), or null when there are none. */
  public Set<T> group(String tag) {
    return groups.get(tag);
  }

  /**
   * Takes the whole group of {@code tag} out of the index and returns it, or null when there was
   * none.
   */
  public Set<T> removeGroup(String tag) {
    return groups.remove(tag);
  }

  public void clear() {
    groups.clear();
  }

  /** The number of tags with at least one member. */
  public int size() {
    return groups.size();
  }

  /** The tags with at least one member. */
  public Set<String> tags() {
    return Set.copyOf(groups.keySet());
  }
}
