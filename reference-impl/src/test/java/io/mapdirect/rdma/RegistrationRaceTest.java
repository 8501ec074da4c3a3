package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.DIRECT;
import static io.mapdirect.rdma.RdmaWorlds.F;
import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static io.mapdirect.rdma.RdmaWorlds.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.kernel.Policy;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;
import io.mapdirect.sim.RunResult;
import io.mapdirect.sim.Schedule;
import io.mapdirect.world.World;
import io.mapdirect.world.WorldConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A lease break racing a registration [09] [11] [22]: P0 registers over its MAP_DIRECT mapping at
 * 1 ms while P1 truncates f at 1 ms, under every schedule with one preemption at decision point k
 * (and one with two). Whatever the interleaving, the registration either fails (ENXIO) leaving
 * nothing behind, or succeeds and is revoked after it was registered; and everything is gone once P0
 * deregisters and exits.
 */
class RegistrationRaceTest {
    private static final int PREEMPTION_POINTS = 400;

    record Outcome(SysResult registration, World world) { }

    static Outcome run(Policy policy, Schedule schedule) {
        return run(RdmaWorlds.config(policy, IommuMode.DMA_STRICT), schedule);
    }

    static Outcome run(WorldConfig config, Schedule schedule) {
        World world = World.boot(config);
        Process p0 = world.process("P0", Creds.user(1000));
        Process p1 = world.process("P1", Creds.user(1000));
        long[] addr = {-1};
        world.start(p0, () -> {
            int fd = RdmaWorlds.createF(world, p0);
            addr[0] = RdmaWorlds.mmap(world, p0, fd, 4, DIRECT);
        });
        RdmaWorlds.assertCompleted(world.run());
        // Second run: both tasks runnable from its start, so every yield point is a decision.
        world.sim().setSchedule(schedule);
        SysResult[] registration = new SysResult[1];
        world.start(p0, () -> {
            registration[0] = world.rdma().regMr(p0, addr[0], 4 * PAGE, IbAccess.DEFAULT);
            world.sim().sleepNs(SEC, null);
            if (registration[0].isOk()) {
                world.rdma().deregMr(p0, (int) registration[0].valueOrThrow());
            }
            world.proc().exit(p0);
        });
        world.start(p1, () -> {
            world.files().truncate(p1, F, 0);
            world.proc().exit(p1);
        });
        RunResult run = world.run();
        RdmaWorlds.assertCompleted(run);
        return new Outcome(registration[0], world);
    }

    @ParameterizedTest
    @EnumSource(value = Policy.Revoke.class)
    @DisplayName("[09] [22] break vs registration: ENXIO with nothing left, or an MR revoked after it was registered; the in-between break is caught")
    void breakRacingRegistration(Policy.Revoke revoke) {
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        long caughtLate = 0;
        for (int k = 0; k < PREEMPTION_POINTS; k++) {
            for (int choice = 1; choice <= 2; choice++) {
                int[] choices = new int[k + 1];
                choices[k] = choice;
                Outcome outcome = run(RdmaWorlds.v8().withRevoke(revoke), Schedule.of(choices));
                check(outcome);
                outcomes.merge(outcome.registration().brief(), 1, Integer::sum);
                caughtLate += outcome.world().kernel().probes().count("registration refused: lease broke during registration");
            }
        }
        assertThat(outcomes).containsKeys("1", "ENXIO");
        assertThat(caughtLate).as("some schedule breaks the lease between the lease and dma_map_sg").isPositive();
    }

    private static void check(Outcome outcome) {
        World world = outcome.world();
        List<EventLog.Entry> entries = world.kernel().events().entries();
        if (outcome.registration().isOk()) {
            int key = (int) outcome.registration().valueOrThrow();
            int registered = indexOf(entries, RdmaEvent.MrRegistered.class, key);
            int revoked = indexOf(entries, RdmaEvent.MrRevoked.class, key);
            assertThat(registered).isNotNegative();
            assertThat(revoked).as("the MR is revoked after it was registered").isGreaterThan(registered);
        } else {
            assertThat(outcome.registration()).isEqualTo(SysResult.err(Errno.ENXIO));
        }
        RdmaWorlds.assertNothingLeft(world, RdmaWorlds.inode(world, F));
    }

    private static int indexOf(List<EventLog.Entry> entries, Class<?> type, int key) {
        for (EventLog.Entry entry : entries) {
            if (entry.event() instanceof RdmaEvent.MrRegistered r && type == RdmaEvent.MrRegistered.class && r.mrKey() == key
                    || entry.event() instanceof RdmaEvent.MrRevoked v && type == RdmaEvent.MrRevoked.class && v.mrKey() == key) {
                return entry.index();
            }
        }
        return -1;
    }
}
