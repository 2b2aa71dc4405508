/** The cache's REST endpoints for operators. */
package dev.granular.cache.admin;
