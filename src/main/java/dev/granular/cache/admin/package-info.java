/** The cache's REST endpoints for operators, behind HTTP Basic admin credentials. */
package dev.granular.cache.admin;
