package io.mapdirect.syscalls;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.PAGE;
import static io.mapdirect.world.Fixture.PLAIN_F;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.fs.OpenFlags;
import io.mapdirect.kernel.Capability;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.FlagProfile;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.mm.MmapFlags;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** scenario S7: who may map, and with which flags [01] [06], in both flag profiles (spec §2.5, 7). */
class MmapScenarioTest {
    private static final int RW = Fixture.RW;
    /** MAP_DIRECT in the seed's numbering, MAP_SYNC in merged Linux: the same bit. */
    private static final int BIT_0X80000 = MmapFlags.MAP_DIRECT;

    private static SysResult mmap(Fixture fx, Process p, int fd, int prot, int flags) {
        return fx.world.mm().mmap(p, 0, 4 * PAGE, prot, flags, fd, 0);
    }

    /** S7, seed profile: EACCES for a non-owner, success with CAP_LEASE, EOPNOTSUPP on the plain fs. */
    @Test
    void s7SeedProfileWhoMayMapDirect() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.other("P1");
        Process p1cap = fx.world.process("P1cap", Creds.user(Fixture.OTHER).with(Capability.CAP_LEASE));
        fx.runAs(p0, () -> {
            fx.createF(p0);
            fx.create(p0, PLAIN_F, 4);
        });
        fx.runAs(p1, () -> {
            int fd = fx.open(p1, F, OpenFlags.O_RDWR);
            assertThat(mmap(fx, p1, fd, RW, Fixture.DIRECT)).isEqualTo(SysResult.err(Errno.EACCES));
            int plain = fx.open(p1, PLAIN_F, OpenFlags.O_RDWR);
            assertThat(mmap(fx, p1, plain, RW, Fixture.DIRECT)).isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
        });
        assertThat(fx.live("map_direct_state")).isZero();
        fx.runAs(p1cap, () -> assertThat(mmap(fx, p1cap, fx.open(p1cap, F, OpenFlags.O_RDWR), RW, Fixture.DIRECT)
                .isOk()).isTrue());
        assertThat(fx.inode(F).mapdcount()).isEqualTo(1);
    }

    /** S7 in both profiles: MAP_SHARED|0x80000 is an ordinary shared mapping, legacy VALIDATE is MAP_SHARED, O_RDONLY + PROT_WRITE is EACCES. */
    @ParameterizedTest
    @EnumSource(FlagProfile.class)
    void s7UnvalidatedBitsAreIgnoredAndLegacyValidateIsShared(FlagProfile profile) {
        Fixture fx = Fixture.boot(Fixture.withProfile(profile));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int f = fx.createF(p0);
            int plain = fx.create(p0, PLAIN_F, 4);
            for (int fd : new int[] {f, plain}) {
                assertThat(mmap(fx, p0, fd, RW, MmapFlags.MAP_SHARED | BIT_0X80000).isOk()).isTrue();
                assertThat(mmap(fx, p0, fd, RW, MmapFlags.MAP_SHARED_VALIDATE).isOk()).isTrue();
            }
            assertThat(fx.inode(F).mapdcount()).isZero();
            assertThat(fx.inode(F).flctx().leasesSnapshot()).isEmpty();
            int rdonly = fx.open(p0, F, OpenFlags.O_RDONLY);
            assertThat(mmap(fx, p0, rdonly, RW, MmapFlags.MAP_SHARED)).isEqualTo(SysResult.err(Errno.EACCES));
            assertThat(mmap(fx, p0, rdonly, RW, MmapFlags.MAP_SHARED_VALIDATE)).isEqualTo(SysResult.err(Errno.EACCES));
            assertThat(mmap(fx, p0, f, RW, MmapFlags.MAP_SHARED_VALIDATE | 0x0100_0000))
                    .isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
            assertThat(fx.world.mm().mmap(p0, 0, 0, RW, MmapFlags.MAP_SHARED, f, 0)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(mmap(fx, p0, f, RW, 0)).isEqualTo(SysResult.err(Errno.EINVAL));
            assertThat(mmap(fx, p0, 99, RW, MmapFlags.MAP_SHARED)).isEqualTo(SysResult.err(Errno.EBADF));
        });
    }

    /** spec §7 (linux-6.x): the bit is MAP_SYNC; DAX files accept it without any lease, the plain fs refuses it. */
    @Test
    void s7LinuxProfileMapSyncIsNoLease() {
        Fixture fx = Fixture.boot(Fixture.withProfile(FlagProfile.LINUX_6X));
        Process p1 = fx.other("P1");
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            fx.createF(p0);
            fx.create(p0, PLAIN_F, 4);
        });
        fx.runAs(p1, () -> {
            int fd = fx.open(p1, F, OpenFlags.O_RDWR);
            long addr = mmap(fx, p1, fd, RW, MmapFlags.MAP_SHARED_VALIDATE | MmapFlags.MAP_SYNC).valueOrThrow();
            assertThat(fx.world.mm().store(p1, addr, 4)).isEqualTo(SysResult.ok());
            int plain = fx.open(p1, PLAIN_F, OpenFlags.O_RDWR);
            assertThat(mmap(fx, p1, plain, RW, MmapFlags.MAP_SHARED_VALIDATE | MmapFlags.MAP_SYNC))
                    .isEqualTo(SysResult.err(Errno.EOPNOTSUPP));
        });
        assertThat(fx.inode(F).mapdcount()).isZero();
        assertThat(fx.live("map_direct_state")).isZero();
    }
}
