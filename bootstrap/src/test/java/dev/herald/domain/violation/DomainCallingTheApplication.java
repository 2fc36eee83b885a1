package dev.herald.domain.violation;

import dev.herald.application.PostResult;

/** Deliberate violation for ArchitectureViolationsTest: the domain reaching up into the application. */
public final class DomainCallingTheApplication {

    public Object reachUp() {
        return PostResult.Reason.TEXT_TOO_LONG;
    }
}
