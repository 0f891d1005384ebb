package io.vouch.runtime.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The rule a parsed value must follow (Kafka {@code ConfigDef.Validator}); {@link #check} names what is wrong,
 * {@link #describe} is the rule as printed by {@code vouch config}.
 */
public interface Validator {
    /** Empty when {@code value} (already of the key's type, never null) follows the rule, else why not. */
    Optional<String> check(Object value);

    /** The rule in words, e.g. {@code [1, 65535]} or {@code one of none, request, required}. */
    String describe();

    /** Any value. */
    Validator ANY = of("any", v -> true);

    /** A rule from a predicate over the parsed value. */
    static Validator of(String description, Predicate<Object> ok) {
        return new Validator() {
            @Override
            public Optional<String> check(Object value) {
                return ok.test(value) ? Optional.empty() : Optional.of("must be " + description);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /** A number in {@code [min, max]}. */
    static Validator between(double min, double max) {
        return of("in [" + fmt(min) + ", " + fmt(max) + "]", v -> {
            double d = ((Number) v).doubleValue();
            return d >= min && d <= max;
        });
    }

    /** A number at least {@code min}. */
    static Validator atLeast(double min) {
        return of("at least " + fmt(min), v -> ((Number) v).doubleValue() >= min);
    }

    /** A string equal (ignoring case) to one of {@code allowed}. */
    static Validator oneOf(String... allowed) {
        List<String> a = List.of(allowed);
        return of("one of " + String.join(", ", a), v -> a.contains(v.toString().toLowerCase(Locale.ROOT)));
    }

    /** A list whose every element is one of {@code allowed} (ignoring case). */
    static Validator eachOneOf(Collection<String> allowed) {
        List<String> a = allowed.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        return of("a list of " + String.join(", ", allowed), v -> ((List<?>) v).stream()
                .allMatch(x -> a.contains(x.toString().toLowerCase(Locale.ROOT))));
    }

    /** A non-empty list. */
    static Validator nonEmptyList() {
        return of("a non-empty list", v -> !((List<?>) v).isEmpty());
    }

    /** A non-empty list of at most {@code max} entries. */
    static Validator listSize(int min, int max) {
        return of("a list of " + min + " to " + max + " entries", v -> {
            int n = ((List<?>) v).size();
            return n >= min && n <= max;
        });
    }

    /** A string matching {@code regex}. */
    static Validator matching(String regex, String description) {
        return of(description, v -> v.toString().matches(regex));
    }

    /** An {@code https://} URL (or empty, meaning unset). */
    static Validator httpsUrl() {
        return of("an https URL", v -> v.toString().isEmpty() || v.toString().startsWith("https://"));
    }

    /** A map whose values are all non-blank. */
    static Validator nonBlankValues() {
        return of("name=value pairs with non-blank values", v -> ((Map<?, ?>) v).values().stream()
                .noneMatch(x -> x.toString().isBlank()));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
