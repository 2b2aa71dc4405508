/** The categories REST resource. */
package dev.granular.catalog.categories.boundary;
