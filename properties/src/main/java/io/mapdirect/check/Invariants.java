package io.mapdirect.check;

import java.util.ArrayList;
import java.util.List;

/** Fresh instances of every invariant checker (checkers keep per-run state). */
public final class Invariants {
    private Invariants() {
    }

    /** Every checker of spec §4 that the model's layers support, new. */
    public static List<Invariant> all(List<NoLeak.EndStateProbe> leakProbes) {
        List<Invariant> all = new ArrayList<>();
        all.add(new NoOops());
        all.add(new Refcount());
        all.add(new Mapdcount());
        all.add(new NoLeak(leakProbes));
        all.add(new BlockmapFrozen());
        all.add(new FaultNoAlloc());
        all.add(new SigbusAfterInvalidate());
        all.add(new SigioOnBreak());
        all.add(new BreakBounded());
        all.add(new BreakerNotFailed());
        all.add(new ErrnoTable());
        all.add(new LegacyDowngrade());
        all.add(new UserspaceFlushDurable());
        all.add(new GraceBeforeRevoke());
        all.add(new DmaAfterRevoke());
        all.add(new DmaToForeignBlock());
        all.add(new OdpCoherent());
        all.add(new RegOnBrokenRefused());
        all.add(new DaxRegNeedsIommu());
        all.add(new IovaNoReuse());
        all.add(new IotlbStrict());
        all.add(new GraceBeforeInvalidate());
        all.add(new LeaseOwnerOrCapLease());
        all.add(new LeaseHeldUntilRevoked());
        all.add(new OdpInvalidateComplete());
        return all;
    }
}
