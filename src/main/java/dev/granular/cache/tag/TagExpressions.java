package dev.granular.cache.tag;

import dev.granular.cache.tag.TagTemplate.Literal;
import dev.granular.cache.tag.TagTemplate.Part;
import dev.granular.cache.tag.TagTemplate.Placeholder;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates tag templates against one call: its arguments by parameter name and its result.
 * Property reads go through a record accessor, a getter ({@code getX}/{@code isX}) or a public
 * field, looked up once per class.
 */
public final class TagExpressions {

  private static final Map<Class<?>, Map<String, Method>> ACCESSORS = new ConcurrentHashMap<>();

  private TagExpressions() {}

  /** The tags the templates yield, in template order, without duplicates. */
  public static Set<String> evaluate(
      List<TagTemplate> templates, Map<String, Object> arguments, Object result) {
    Set<String> tags = new LinkedHashSet<>();
    for (TagTemplate template : templates) {
      List<StringBuilder> expansions = new ArrayList<>(List.of(new StringBuilder()));
      for (Part part : template.parts()) {
        expansions = append(expansions, part, arguments, result);
      }
      expansions.forEach(tag -> tags.add(tag.toString()));
    }
    return tags;
  }

  private static List<StringBuilder> append(
      List<StringBuilder> prefixes, Part part, Map<String, Object> arguments, Object result) {
    if (part instanceof Literal literal) {
      prefixes.forEach(p -> p.append(literal.text()));
      return prefixes;
    }
    Placeholder placeholder = (Placeholder) part;
    Object root = placeholder.root().equals("result") ? result : arguments.get(placeholder.root());
    List<Object> values = values(root, placeholder.rootExpands(), placeholder.path());
    List<StringBuilder> next = new ArrayList<>();
    for (StringBuilder prefix : prefixes) {
      for (Object value : values) {
        next.add(new StringBuilder(prefix).append(value));
      }
    }
    return next;
  }

  /** The values of a placeholder: none when a step is null, several when a step expands. */
  private static List<Object> values(Object root, boolean rootExpands, List<String> path) {
    List<Object> current = rootExpands ? elements(root) : single(root);
    for (String segment : path) {
      boolean expands = segment.endsWith("[]");
      String property = expands ? segment.substring(0, segment.length() - 2) : segment;
      List<Object> next = new ArrayList<>();
      for (Object value : current) {
        Object read = read(value, property);
        next.addAll(expands ? elements(read) : single(read));
      }
      current = next;
    }
    return current;
  }

  private static List<Object> single(Object value) {
    return value == null ? List.of() : List.of(value);
  }

  private static List<Object> elements(Object value) {
    List<Object> elements = new ArrayList<>();
    if (value instanceof Collection<?> collection) {
      collection.stream().filter(e -> e != null).forEach(elements::add);
    } else if (value != null && value.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(value); i++) {
        Object element = Array.get(value, i);
        if (element != null) {
          elements.add(element);
        }
      }
    } else if (value != null) {
      elements.add(value);
    }
    return elements;
  }

  private static Object read(Object target, String property) {
    Method accessor =
        ACCESSORS
            .computeIfAbsent(target.getClass(), c -> new ConcurrentHashMap<>())
            .computeIfAbsent(property, p -> accessor(target.getClass(), p));
    try {
      return accessor != null ? accessor.invoke(target) : field(target, property);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Cannot read '" + property + "' of " + target.getClass().getName(), e);
    }
  }

  private static Method accessor(Class<?> type, String property) {
    String capitalized = Character.toUpperCase(property.charAt(0)) + property.substring(1);
    for (String name : List.of(property, "get" + capitalized, "is" + capitalized)) {
      try {
        Method method = type.getMethod(name);
        if (method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())) {
          method.setAccessible(true);
          return method;
        }
      } catch (NoSuchMethodException | RuntimeException e) {
        // try the next naming convention
      }
    }
    return null;
  }

  private static Object field(Object target, String property) throws ReflectiveOperationException {
    Field field = target.getClass().getField(property);
    return field.get(target);
  }
}
