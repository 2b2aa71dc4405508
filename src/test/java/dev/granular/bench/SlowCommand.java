package dev.granular.bench;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** The longest command in Redis's SLOWLOG, with what it was: the command name and its first key. */
record SlowCommand(long micros, String command) {

  private static final Logger LOG = Logger.getLogger(SlowCommand.class.getName());

  /** Reads the whole SLOWLOG (it should log every command) and returns its longest entry. */
  static SlowCommand longest(int port) throws IOException {
    List<?> log = (List<?>) RespReply.command(port, "SLOWLOG", "GET", "-1");
    List<SlowCommand> commands = log.stream().map(e -> of((List<?>) e)).toList();
    List<SlowCommand> top =
        commands.stream()
            .sorted(Comparator.comparingLong(SlowCommand::micros).reversed())
            .limit(5)
            .toList();
    Map<String, Long> byName =
        commands.stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.command().split(" ")[0], TreeMap::new, Collectors.counting()));
    LOG.info(
        () -> commands.size() + " commands in the SLOWLOG " + byName + "; the longest: " + top);
    return top.isEmpty() ? new SlowCommand(0, "none logged") : top.get(0);
  }

  private static SlowCommand of(List<?> entry) {
    List<?> words = (List<?>) entry.get(3);
    String name = String.valueOf(words.get(0)).toUpperCase(Locale.ROOT);
    boolean script = name.startsWith("EVAL") || name.startsWith("FCALL");
    int keyAt = script ? 3 : 1;
    String key =
        words.size() > keyAt && !(script && "0".equals(words.get(2))) ? " " + words.get(keyAt) : "";
    return new SlowCommand((Long) entry.get(2), name + key);
  }

  @Override
  public String toString() {
    return micros + " (" + command + ")";
  }
}
