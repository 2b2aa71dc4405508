/** The category entity. */
package dev.granular.catalog.categories.entity;
