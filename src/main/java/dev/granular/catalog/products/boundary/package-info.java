/** The products REST resources. */
package dev.granular.catalog.products.boundary;
