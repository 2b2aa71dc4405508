package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * One row of the benchmark suite: a ratio of two figures measured in the same run, its goal, and
 * the figures behind it. {@code ratio} is null when the row was skipped, with the reason in {@code
 * skipped}.
 */
record Row(String name, Double ratio, Goal goal, JsonObject details, String skipped) {

  /** What the ratio should reach: at least {@code bound} ({@code >=}) or at most ({@code <=}). */
  record Goal(boolean atLeast, double bound) {
    static Goal atLeast(double bound) {
      return new Goal(true, bound);
    }

    static Goal atMost(double bound) {
      return new Goal(false, bound);
    }

    boolean met(double ratio) {
      return atLeast ? ratio >= bound : ratio <= bound;
    }

    @Override
    public String toString() {
      return (atLeast ? ">= " : "<= ") + bound;
    }
  }

  static Row measured(String name, double ratio, Goal goal, JsonObject details) {
    return new Row(name, ratio, goal, details, null);
  }

  static Row skipped(String name, Goal goal, String reason, JsonObject details) {
    return new Row(name, null, goal, details, reason);
  }

  /** Null when skipped. */
  Boolean pass() {
    return ratio == null ? null : goal.met(ratio);
  }

  JsonObject toJson() {
    JsonObjectBuilder json = Json.createObjectBuilder();
    if (ratio == null) {
      json.addNull("ratio").add("skipped", skipped);
    } else {
      json.add("ratio", Figures.round(ratio, 3));
    }
    json.add("goal", goal.toString());
    if (pass() == null) {
      json.addNull("pass");
    } else {
      json.add("pass", pass().booleanValue());
    }
    details.forEach(json::add);
    return json.build();
  }
}
