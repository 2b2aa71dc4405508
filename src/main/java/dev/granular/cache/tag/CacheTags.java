package dev.granular.cache.tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The tags an {@code @CacheResult} entry depends on. Invalidating any of them (for example from a
 * JPA entity listener, after the transaction commits) voids the entry in every cache and on every
 * instance.
 *
 * <p>Each value is a template: literal text with placeholders in braces. A placeholder names a
 * parameter ({@code {id}}), a property path of one ({@code {filter.categoryId}}), or the returned
 * value ({@code {result}}, {@code {result.categoryId}}); {@code []} after a name or property
 * expands a collection or array into one tag per element ({@code "product:{result[].id}"}). A
 * placeholder whose value is {@code null} drops that tag. Parameter names need the {@code
 * -parameters} compiler flag.
 *
 * <pre>{@code
 * @CacheResult(cacheName = "category-products")
 * @CacheTags({"category:{categoryId}", "product:{result[].id}"})
 * public List<ProductView> inCategory(long categoryId) { ... }
 * }</pre>
 *
 * <p>A tag is a literal name: characters such as {@code *}, {@code ?} or braces in it match nothing
 * but themselves.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CacheTags {

  /** The tag templates. */
  String[] value();
}
