package dev.granular.catalog.categories.entity;

import dev.granular.platform.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a client sends to create a category. */
public record CategoryInput(@NotBlank @Size(max = 200) @PlainText String name) {}
