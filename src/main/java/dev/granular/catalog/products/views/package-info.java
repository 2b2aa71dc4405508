/**
 * Write-back product view counters: counted in Redis on every read, written to the database in
 * batches.
 */
package dev.granular.catalog.products.views;
