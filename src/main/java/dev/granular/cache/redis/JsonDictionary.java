package dev.granular.cache.redis;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The preset DEFLATE dictionary of a value type: a JSON skeleton of its property names, so that
 * even a value of a hundred bytes compresses well (the names are most of a small JSON document). It
 * depends only on the type, so every instance derives the same one; a payload records a check of it
 * ({@link #check}) and one packed with another dictionary (after a deploy changed the type) is a
 * miss.
 */
final class JsonDictionary {

  private JsonDictionary() {}

  static byte[] of(Type type) {
    Class<?> raw = elementClass(type);
    TreeSet<String> names =
        new TreeSet<>(); // JSON-B writes properties in lexicographical order by default
    if (raw != null && raw.isRecord()) {
      for (RecordComponent component : raw.getRecordComponents()) {
        names.add(component.getName());
      }
    } else if (raw != null && !raw.isPrimitive() && !raw.getName().startsWith("java.")) {
      for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers())) {
            names.add(field.getName());
          }
        }
      }
    }
    StringBuilder skeleton = new StringBuilder("[{");
    for (String name : names) {
      skeleton.append('"').append(name).append("\":\"\",");
    }
    return skeleton.append("\"\":null,true,false}]").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Two characters that change when the dictionary does. */
  static String check(byte[] dictionary) {
    int hash = java.util.Arrays.hashCode(dictionary);
    return String.valueOf((char) ('a' + Math.floorMod(hash, 26)))
        + (char) ('a' + Math.floorMod(hash >>> 8, 26));
  }

  private static Class<?> elementClass(Type type) {
    if (type instanceof Class<?> c) {
      return c.isArray() ? c.getComponentType() : c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] arguments = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw) && arguments.length == 1) {
        return elementClass(arguments[0]);
      }
      return raw;
    }
    return null;
  }
}
