/** Product persistence and caching. */
package dev.granular.catalog.products.control;
