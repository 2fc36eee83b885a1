package dev.herald.adapters.persistence.violation.cycle.a;

import dev.herald.adapters.persistence.violation.cycle.b.CycleB;

/** Deliberate violation for ArchitectureViolationsTest: half of a package cycle. */
public final class CycleA {

    public CycleB other;
}
