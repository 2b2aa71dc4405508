package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The suite's rows in the order they were measured: as JSON, as a table for people, and as a chart.
 */
final class Results {

  private final List<Row> rows = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  /** One object whose keys are the rows; {@code _run} describes the run. */
  void writeJson(Path file, JsonObject run) throws IOException {
    JsonObjectBuilder json = Json.createObjectBuilder();
    rows.forEach(row -> json.add(row.name(), row.toJson()));
    json.add("_run", run);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer writer = Files.newBufferedWriter(file);
        JsonWriter out =
            Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(writer)) {
      out.writeObject(json.build());
    }
  }

  String table() {
    StringBuilder out = new StringBuilder();
    String format = "%-22s %8s %8s %-6s %s%n";
    out.append(String.format(Locale.ROOT, format, "row", "ratio", "goal", "result", "details"));
    out.append("-".repeat(120)).append('\n');
    for (Row row : rows) {
      String ratio = row.ratio() == null ? "-" : String.format(Locale.ROOT, "%.3f", row.ratio());
      String result = row.pass() == null ? "skip" : row.pass() ? "PASS" : "FAIL";
      String details = row.skipped() != null ? row.skipped() : summary(row.details());
      out.append(
          String.format(Locale.ROOT, format, row.name(), ratio, row.goal(), result, details));
    }
    return out.toString();
  }

  /** The details' numbers, one level deep, in a line. */
  private static String summary(JsonObject details) {
    List<String> parts = new ArrayList<>();
    details.forEach(
        (key, value) -> {
          if (value instanceof JsonObject inner) {
            List<String> numbers = new ArrayList<>();
            inner.forEach(
                (k, v) -> {
                  if (v.getValueType() == JsonValue.ValueType.NUMBER) {
                    numbers.add(k + "=" + v);
                  }
                });
            parts.add(key + "{" + String.join(" ", numbers) + "}");
          } else if (value.getValueType() == JsonValue.ValueType.NUMBER) {
            parts.add(key + "=" + value);
          }
        });
    return String.join(" ", parts);
  }
}
