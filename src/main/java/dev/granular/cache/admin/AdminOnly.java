package dev.granular.cache.admin;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks JAX-RS resources or methods that only operators may call: {@link AdminAuthenticationFilter}
 * answers every request to them without the admin credentials (HTTP Basic, {@code ADMIN_USER} /
 * {@code ADMIN_PASSWORD}) with 401. The binding follows the matched resource method, not a path
 * prefix, so every spelling of a path that reaches one ({@code stats/}, {@code stats;x=1}) is
 * guarded too.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminOnly {}
