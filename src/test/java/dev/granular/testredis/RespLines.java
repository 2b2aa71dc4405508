package dev.granular.testredis;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of RESP to read the flat arrays of bulk strings that {@code KEYS} or {@code SENTINEL}
 * answer.
 */
final class RespLines {

  private RespLines() {}

  static List<String> bulkStrings(String reply) {
    List<String> values = new ArrayList<>();
    String[] lines = reply.split("\r\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("$") && !lines[i].equals("$-1") && i + 1 < lines.length) {
        values.add(lines[++i]);
      }
    }
    return values;
  }
}
