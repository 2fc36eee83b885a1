package dev.herald.adapters.persistence.violation.cycle.b;

import dev.herald.adapters.persistence.violation.cycle.a.CycleA;

/** Deliberate violation for ArchitectureViolationsTest: the other half of a package cycle. */
public final class CycleB {

    public CycleA other;
}
