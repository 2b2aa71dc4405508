package dev.granular.cache.operation;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A CDI {@link Instance} in which no bean exists, so {@link StrategyInstances} falls back to
 * constructors. It counts selections, to show when a strategy class was looked up.
 */
public final class NoBeans<T> implements Instance<T> {

  int selections;

  @Override
  public Instance<T> select(Annotation... qualifiers) {
    selections++;
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <U extends T> Instance<U> select(Class<U> subtype, Annotation... qualifiers) {
    selections++;
    return (Instance<U>) this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <U extends T> Instance<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
    selections++;
    return (Instance<U>) this;
  }

  @Override
  public boolean isUnsatisfied() {
    return true;
  }

  @Override
  public boolean isAmbiguous() {
    return false;
  }

  @Override
  public void destroy(T instance) {}

  @Override
  public Handle<T> getHandle() {
    throw new NoSuchElementException("no bean");
  }

  @Override
  public Iterable<? extends Handle<T>> handles() {
    return Collections.emptyList();
  }

  @Override
  public Iterator<T> iterator() {
    return Collections.emptyIterator();
  }

  @Override
  public T get() {
    throw new NoSuchElementException("no bean");
  }
}
