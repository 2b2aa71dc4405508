/**
 * Tag groups: entries declare the tags they depend on; invalidating a tag voids every such entry,
 * after commit.
 */
package dev.granular.cache.tag;
