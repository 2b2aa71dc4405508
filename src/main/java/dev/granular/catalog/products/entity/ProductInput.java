package dev.granular.catalog.products.entity;

import dev.granular.platform.PlainText;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * What a client sends to create or replace a product. The price may be a JSON number or a decimal
 * string.
 */
public record ProductInput(
    @NotBlank @Size(max = 200) @PlainText String name,
    @Size(max = 2000) @PlainText(multiline = true) String description,
    @NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal price,
    @NotNull @Positive Long categoryId) {}
