/** User persistence and caching. */
package dev.granular.users.control;
