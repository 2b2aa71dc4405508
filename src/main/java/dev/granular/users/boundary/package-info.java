/** The users REST resource. */
package dev.granular.users.boundary;
