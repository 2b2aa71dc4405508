package dev.granular.cache.redis;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Tells whether values of a type, as JSON-B decodes them, can never change: then one decoded
 * instance may be handed to every caller. Deeply immutable are primitives and their wrappers,
 * {@code String}, {@code BigDecimal}, {@code BigInteger}, {@code UUID}, the {@code java.time}
 * values, enums, and records whose components are all deeply immutable. Anything else (collections,
 * arrays, mutable classes, generic type variables) is not: JSON-B decodes a {@code List} component
 * as an {@code ArrayList} a caller could change.
 */
public final class ImmutableTypes {

  private static final Set<Class<?>> VALUES =
      Set.of(
          Boolean.class,
          Byte.class,
          Short.class,
          Character.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          String.class,
          BigDecimal.class,
          BigInteger.class,
          UUID.class,
          Instant.class,
          LocalDate.class,
          LocalDateTime.class,
          LocalTime.class,
          OffsetDateTime.class,
          OffsetTime.class,
          ZonedDateTime.class,
          Duration.class,
          Period.class,
          Year.class,
          YearMonth.class,
          MonthDay.class,
          ZoneOffset.class);

  private ImmutableTypes() {}

  /** True when every value JSON-B decodes as {@code type} is deeply immutable. */
  public static boolean isDeeplyImmutable(Type type) {
    return isDeeplyImmutable(type, new HashSet<>());
  }

  private static boolean isDeeplyImmutable(Type type, Set<Class<?>> visiting) {
    if (!(type instanceof Class<?> raw) || type instanceof ParameterizedType) {
      return false;
    }
    if (raw.isPrimitive()
        || raw.isEnum()
        || VALUES.contains(raw)
        || ZoneId.class.isAssignableFrom(raw)) {
      return true;
    }
    if (!raw.isRecord()) {
      return false;
    }
    if (!visiting.add(raw)) {
      return true; // a record that contains itself: immutable if the rest of it is
    }
    for (RecordComponent component : raw.getRecordComponents()) {
      if (!isDeeplyImmutable(component.getGenericType(), visiting)) {
        return false;
      }
    }
    return true;
  }
}
