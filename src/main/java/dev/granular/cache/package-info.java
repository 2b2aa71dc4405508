/**
 * The reusable caching library: JSR-107 annotations served by portable CDI interceptors on Redis.
 */
package dev.granular.cache;
