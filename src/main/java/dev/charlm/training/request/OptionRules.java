package dev.charlm.training.request;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;

/**
 * The class-level constraint of the option records: each record that has rules Bean Validation's
 * field annotations cannot say (a choice among an enum's names, a rule over two fields) states them
 * once in {@link Checked#check}, and they are reported as violations of the fields they name.
 */
final class OptionRules {

    private OptionRules() {
    }

    /** An option record with rules over its fields; absent (null) fields pass, as with the field constraints. */
    interface Checked {
        void check(Problems p);
    }

    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = Validator.class)
    @interface Consistent {
        String message() default "inconsistent options";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** Runs a record's {@link Checked#check}. */
    public static final class Validator implements ConstraintValidator<Consistent, Checked> {
        @Override
        public boolean isValid(Checked value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            Problems p = new Problems(context);
            value.check(p);
            if (p.found) {
                context.disableDefaultConstraintViolation();
            }
            return !p.found;
        }
    }

    /** Collects the violations of one record, each on the field it names. */
    static final class Problems {
        private final ConstraintValidatorContext context;
        private boolean found;

        Problems(ConstraintValidatorContext context) {
            this.context = context;
        }

        /** Adds {@code message} on {@code field} unless {@code ok}. */
        void require(boolean ok, String field, String message) {
            if (!ok) {
                found = true;
                // a literal message: braces in it are not message-template expressions
                context.buildConstraintViolationWithTemplate(message.replace("\\", "\\\\").replace("{", "\\{")
                                .replace("}", "\\}").replace("$", "\\$"))
                        .addPropertyNode(field).addConstraintViolation();
            }
        }

        /** A name of one of {@code type}'s constants, in any case. */
        <E extends Enum<E>> void choice(String field, String value, Class<E> type) {
            require(value == null || parse(value, type) != null, field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** The constant of {@code type} whose name is {@code value} in any case, or null. */
    static <E extends Enum<E>> E parse(String value, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.toString().equalsIgnoreCase(value)) {
                return e;
            }
        }
        return null;
    }
}
