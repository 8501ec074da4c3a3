package io.mapdirect.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.fs.mapdirect.MapDirectEvents;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.KEvent;
import io.mapdirect.proc.Process;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LEASE_OWNER_OR_CAP_LEASE judged on MAP_DIRECT registrations of {@code /xfs/f}, owned by uid 1000. */
class LeaseOwnerOrCapLeaseTest {
    private final World world = World.boot(WorldConfig.defaults());
    private final CheckContext ctx = new CheckContext(world);
    private final LeaseOwnerOrCapLease checker = new LeaseOwnerOrCapLease();
    private long ino;
    private int index;

    @BeforeEach
    void createTheFile() {
        Process owner = world.process("owner", Creds.user(1000));
        world.files().open(owner, "/xfs/f", OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        ino = world.vfs().lookup("/xfs/f").ino();
    }

    private void registeredBy(Creds creds) {
        Process process = world.process("p" + index, creds);
        checker.onEvent(ctx, new EventLog.Entry(index++, index, 0, "t", (KEvent)
                new MapDirectEvents.Registered("mds#" + index, ino, "vma#1", process.pid(), 3)));
    }

    @Test
    void theOwnersFsuidMayMapEvenWithAnotherUid() {
        registeredBy(new Creds(1001, 1000, Set.of()));
        assertThat(ctx.violations()).isEmpty();
    }

    @Test
    void theOwnersUidWithAnotherFsuidMayNot() {
        registeredBy(new Creds(1000, 1001, Set.of()));
        assertThat(ctx.violations()).extracting(Violation::id).containsExactly(InvariantId.LEASE_OWNER_OR_CAP_LEASE);
    }

    @Test
    void capLeaseMayMapAnyFile() {
        registeredBy(new Creds(1001, 1001, Set.of(Capability.CAP_LEASE)));
        assertThat(ctx.violations()).isEmpty();
    }

    @Test
    void anotherCapabilityDoesNotStandInForCapLease() {
        registeredBy(new Creds(1001, 1001, Set.of(Capability.CAP_FOWNER)));
        assertThat(ctx.violations()).extracting(Violation::id).containsExactly(InvariantId.LEASE_OWNER_OR_CAP_LEASE);
    }

    @Test
    void aLeaseDirectTakenOutsideAnyTaskIsTheKernelsOwn() {
        checker.onEvent(ctx, new EventLog.Entry(0, 0, 0, "t", new MapDirectEvents.LeaseDirectTaken("ld#1", ino, "umem#1")));
        assertThat(ctx.violations()).isEmpty();
    }
}
