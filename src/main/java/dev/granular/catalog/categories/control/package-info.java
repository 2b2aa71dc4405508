/** Category persistence and caching. */
package dev.granular.catalog.categories.control;
