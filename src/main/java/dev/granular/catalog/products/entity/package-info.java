/** The product entity. */
package dev.granular.catalog.products.entity;
