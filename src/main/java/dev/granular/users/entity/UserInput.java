package dev.granular.users.entity;

import dev.granular.platform.PlainText;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What a client sends to create or replace a user. */
public record UserInput(
    @NotBlank @Size(max = 200) @PlainText String name,
    @NotBlank
        @Size(max = 320)
        @PlainText
        @Email
        @Pattern(
            regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+",
            message = "must be a well-formed email address")
        String email) {}
