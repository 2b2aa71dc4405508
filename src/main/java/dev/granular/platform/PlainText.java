package dev.granular.platform;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text as a person types it: no control characters (C0, DEL, C1), no unpaired surrogate halves and
 * no Unicode line or paragraph separators. Single-line text must also show something besides white
 * space and invisible format characters; {@code multiline} text may hold tabs and line breaks, and
 * may be blank. Everything else of Unicode is allowed and stored as sent. A {@code null} is valid
 * ({@code @NotNull} says otherwise).
 */
@Constraint(validatedBy = PlainTextValidator.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
public @interface PlainText {

  boolean multiline() default false;

  String message() default "must be plain text without control characters";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
