package dev.granular.cache.tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One parsed tag template: literal parts and placeholders, in order. Parsed once per method;
 * evaluating it against a call is plain string building and property reads.
 */
public record TagTemplate(String source, List<Part> parts) {

  /** A literal piece of text or a placeholder expression. */
  public sealed interface Part permits Literal, Placeholder {}

  public record Literal(String text) implements Part {}

  /**
   * A placeholder: a root (a parameter name or {@code result}) followed by a property path; a
   * segment ending in {@code []} expands over the elements of its value.
   */
  public record Placeholder(String root, boolean rootExpands, List<String> path) implements Part {}

  /**
   * Parses {@code source}, checking that every root is {@code result} or one of {@code
   * parameterNames}.
   */
  public static TagTemplate parse(String source, Set<String> parameterNames) {
    List<Part> parts = new ArrayList<>();
    int at = 0;
    while (at < source.length()) {
      int open = source.indexOf('{', at);
      if (open < 0) {
        parts.add(new Literal(source.substring(at)));
        break;
      }
      int close = source.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("Unclosed placeholder in tag template '" + source + "'");
      }
      if (open > at) {
        parts.add(new Literal(source.substring(at, open)));
      }
      parts.add(placeholder(source, source.substring(open + 1, close).strip(), parameterNames));
      at = close + 1;
    }
    return new TagTemplate(source, List.copyOf(parts));
  }

  /** True when a placeholder reads the returned value. */
  public boolean readsResult() {
    return parts.stream().anyMatch(p -> p instanceof Placeholder h && h.root().equals("result"));
  }

  private static Placeholder placeholder(
      String source, String expression, Set<String> parameterNames) {
    String[] segments = expression.split("\\.", -1);
    String first = segments[0];
    boolean expands = first.endsWith("[]");
    String root = expands ? first.substring(0, first.length() - 2) : first;
    if (root.isEmpty() || !(root.equals("result") || parameterNames.contains(root))) {
      throw new IllegalArgumentException(
          "Tag template '"
              + source
              + "': '"
              + root
              + "' is neither 'result' nor a parameter name "
              + parameterNames
              + " (compile with -parameters)");
    }
    List<String> path = new ArrayList<>();
    for (int i = 1; i < segments.length; i++) {
      if (segments[i].isEmpty()) {
        throw new IllegalArgumentException("Tag template '" + source + "': empty property name");
      }
      path.add(segments[i]);
    }
    return new Placeholder(root, expands, List.copyOf(path));
  }
}
