package dev.granular.cache.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Many entries of a {@link CircuitGuardedCache}'s Redis hash at once, each operation one Lua script
 * on Redisson's JCache layout (the hash, and the expiry times in its timeout set): entries read
 * without touching their expiry, and entries removed while they still hold given values. Every call
 * goes through the {@link RedisCircuit}, fenced as a read as the cache's own calls are.
 */
final class BulkEntryScripts {

  /**
   * KEYS: hash, timeout set. ARGV: field, value, field, value... Deletes each field (and its expiry
   * time) whose value is the given one; returns how many went.
   */
  private static final String REMOVE_UNCHANGED =
      """
      local removed = {}
      for i = 1, #ARGV, 2 do
        if redis.call('hget', KEYS[1], ARGV[i]) == ARGV[i + 1] then
          redis.call('hdel', KEYS[1], ARGV[i])
          redis.call('zrem', KEYS[2], ARGV[i])
          removed[#removed + 1] = ARGV[i]
        end
      end
      return removed
      """;

  private static final LuaScript REMOVE_UNCHANGED_SCRIPT = LuaScript.of(REMOVE_UNCHANGED);

  /**
   * Reads entries as {@link EntryScripts#GET_WITH_KEYS} reads one, leaving their expiry times as
   * they are. KEYS: hash, timeout set. ARGV: now (ms), fields... Returns each field's value, or
   * false when it is absent or expired.
   */
  private static final LuaScript PEEK_ALL_SCRIPT =
      LuaScript.of(
          """
          local values = {}
          for i = 2, #ARGV do
            local value = redis.call('hget', KEYS[1], ARGV[i])
            if value ~= false then
              local expires = redis.call('zscore', KEYS[2], ARGV[i])
              if expires ~= false and tonumber(expires) <= tonumber(ARGV[1]) then value = false end
            end
            values[i - 1] = value
          end
          return values
          """);

  private final RedisCircuit circuit;
  private final RedissonClient client;
  private final DirectConnections direct;
  private final String hashName;
  private final String timeoutSetName;
  private final boolean
      scripted; // a single server's hash on Redisson's JCache: see CircuitGuardedCache

  BulkEntryScripts(
      RedisCircuit circuit,
      RedissonClient client,
      DirectConnections direct,
      String hashName,
      String timeoutSetName,
      boolean scripted) {
    this.circuit = circuit;
    this.client = client;
    this.direct = direct;
    this.hashName = hashName;
    this.timeoutSetName = timeoutSetName;
    this.scripted = scripted;
  }

  /**
   * One script that reads the fields and their expiry times as Redisson's JCache does, without
   * touching them: only on a single server over the direct connections, and for at least one key
   * (see {@link CircuitGuardedCache#peekAll}).
   */
  Map<String, String> peekAll(Set<String> keys) {
    List<String> fields = List.copyOf(keys);
    List<String> arguments = new ArrayList<>(fields.size() + 1);
    arguments.add(String.valueOf(System.currentTimeMillis()));
    arguments.addAll(fields);
    List<?> values =
        (List<?>)
            circuit.read(
                () -> direct.read(PEEK_ALL_SCRIPT, List.of(hashName, timeoutSetName), arguments));
    Map<String, String> found = new HashMap<>();
    for (int i = 0; i < fields.size() && i < values.size(); i++) {
      if (values.get(i) != null) {
        found.put(fields.get(i), values.get(i).toString());
      }
    }
    return found;
  }

  /**
   * One script for all of them on Redisson's JCache layout (the hash and its timeout set share a
   * slot, so on a Cluster too): each entry is deleted, with its expiry time, only while it holds
   * the given value. This cache registers no entry listeners (see {@link JsonCache}), so unlike
   * Redisson's own removal it publishes nothing. Only on Redisson's JCache, and for at least one
   * entry (see {@link CircuitGuardedCache#removeUnchanged}).
   */
  Set<String> removeUnchanged(Map<String, String> values) {
    List<String> arguments = new ArrayList<>(values.size() * 2);
    values.forEach(
        (field, value) -> {
          arguments.add(field);
          arguments.add(value);
        });
    List<?> removed = circuit.read(() -> removeUnchangedScript(arguments));
    return removed == null
        ? Set.of()
        : removed.stream().map(String::valueOf).collect(Collectors.toSet());
  }

  private List<?> removeUnchangedScript(List<String> arguments) {
    List<String> keys = List.of(hashName, timeoutSetName);
    if (direct != null && scripted) {
      // Removing what holds the given value twice removes it once: safe to run again on a fresh
      // connection.
      return (List<?>) direct.repeatable(REMOVE_UNCHANGED_SCRIPT, keys, arguments);
    }
    return client
        .getScript(StringCodec.INSTANCE)
        .<List<?>>eval(
            hashName,
            RScript.Mode.READ_WRITE,
            REMOVE_UNCHANGED,
            RScript.ReturnType.LIST,
            List.copyOf(keys),
            arguments.toArray());
  }
}
