package io.vouch.identity.internal.verify;

import io.vouch.identity.internal.passport.Attestation;
import io.vouch.identity.internal.passport.Passport;
import java.util.List;
import java.util.Optional;

/** The verdict on an INVITE's Identity headers (RFC 8224 §6.2.2 and the verstat of TS 24.229 §7.2A.20). */
public sealed interface Verification {

    /** The metric {@code result} tag. */
    String resultTag();

    /** The metric {@code reason} tag. */
    String reasonTag();

    /** At least one PASSporT verified: {@code TN-Validation-Passed}. */
    record Passed(List<Passport> passports, Optional<Attestation> attest) implements Verification {
        public Passed {
            passports = List.copyOf(passports);
        }

        @Override
        public String resultTag() {
            return "passed";
        }

        @Override
        public String reasonTag() {
            return "none";
        }
    }

    /** No PASSporT verified; {@code failure} says why (for the first header that failed). */
    record Failed(VerificationFailure failure, String detail) implements Verification {
        @Override
        public String resultTag() {
            return "failed";
        }

        @Override
        public String reasonTag() {
            return failure.tag();
        }
    }

    /** No Identity header and none required: {@code No-TN-Validation}. */
    record Absent() implements Verification {
        @Override
        public String resultTag() {
            return "absent";
        }

        @Override
        public String reasonTag() {
            return "none";
        }
    }
}
