/** The user entity. */
package dev.granular.users.entity;
