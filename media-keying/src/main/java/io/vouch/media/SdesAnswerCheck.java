package io.vouch.media;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an SDES answer against its offer for one media description (RFC 4568 §5.1.2, §7.1.2): exactly one
 * crypto attribute, whose tag is one the offer carried and whose suite is that offered line's suite, with a key
 * of the answerer's own (an answer reusing an offered key would make both directions share a keystream).
 */
public final class SdesAnswerCheck {
    private SdesAnswerCheck() {
    }

    /** The outcome for one media description. */
    public sealed interface Result {
        /** The answer selects the offered line {@code offered}. */
        record Accepted(CryptoAttribute offered, CryptoAttribute answer) implements Result {
        }

        /** {@code reason} is short fixed text. */
        record Refused(String reason) implements Result {
            public Refused {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }

    /** Checks the answer's crypto lines {@code answer} against the valid offered lines {@code offered}. */
    public static Result check(List<CryptoAttribute> offered, List<CryptoAttribute> answer) {
        if (answer.size() != 1) {
            return new Result.Refused(answer.isEmpty() ? "answer has no crypto attribute"
                : "answer has several crypto attributes");
        }
        CryptoAttribute a = answer.get(0);
        Optional<CryptoAttribute> match = offered.stream().filter(o -> o.tag() == a.tag()).findFirst();
        if (match.isEmpty()) {
            return new Result.Refused("answer crypto tag not offered");
        }
        if (!match.get().suite().equals(a.suite())) {
            return new Result.Refused("answer crypto suite differs from offer");
        }
        for (SdesKey ak : a.keys()) {
            for (CryptoAttribute o : offered) {
                for (SdesKey ok : o.keys()) {
                    if (ak.sameKeyAs(ok)) {
                        return new Result.Refused("answer reuses the offered key");
                    }
                }
            }
        }
        return new Result.Accepted(match.get(), a);
    }
}
