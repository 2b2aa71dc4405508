/** One CDI interceptor per JSR-107 annotation, and what they share. */
package dev.granular.cache.interceptor;
