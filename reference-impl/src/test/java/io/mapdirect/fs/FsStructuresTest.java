package io.mapdirect.fs;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.kernel.Oops;
import io.mapdirect.proc.Process;
import io.mapdirect.world.Fixture;
import io.mapdirect.world.WorldConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The VFS structures of {@code include/linux/fs.h}: inodes, files, fd tables, paths, lease structures. */
class FsStructuresTest {
    /** spec §2.3: DAX by mount option or by the per-inode flag. */
    @Test
    void perInodeDaxFlagMakesAFileDaxOnANonDaxMount() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withXfsDax(false));
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int fd = fx.create(p0, F, 0);
            assertThat(fx.inode(F).isDax()).isFalse();
            fx.inode(F).setDaxFlag(true);
            fx.world.files().write(p0, fd, 0, PAGE, 3).valueOrThrow();
        });
        assertThat(fx.inode(F).isDax()).isTrue();
        assertThat(fx.world.memory().isDram(fx.inode(F).pfnAt(0))).isFalse();
    }

    /** [03] {@code BUG_ON(!atomic_read(&inode->i_mapdcount))}. */
    @Test
    void mapdcountUnderflowIsAnOops() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> fx.create(p0, F, 0));
        assertThatThrownBy(() -> fx.inode(F).mapdcountDec()).isInstanceOfSatisfying(Oops.class,
                oops -> assertThat(oops.kind()).isEqualTo(Oops.Kind.REFCOUNT_UNDERFLOW));
    }

    @Test
    void pathsFlagsAndFdNumbers() {
        Fixture fx = Fixture.boot(WorldConfig.defaults().withDevdax(List.of(new WorldConfig.DevDax("dax0", 1, 1000))));
        assertThat(fx.world.vfs().resolve("/f")).isNull();
        assertThat(fx.world.vfs().resolve("/xfs/")).isNull();
        assertThat(fx.world.vfs().lookup("/nomount/x")).isNull();
        assertThat(OpenFlags.describe(OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_TRUNC
                | OpenFlags.O_NONBLOCK)).isEqualTo("O_RDWR|O_CREAT|O_EXCL|O_TRUNC|O_NONBLOCK");
        assertThat(OpenFlags.describe(OpenFlags.O_WRONLY)).isEqualTo("O_WRONLY");
        assertThat(OpenFlags.describe(3)).isEqualTo("O_ACCMODE");
        assertThat(FileLock.typeName(FileLock.F_WRLCK)).isEqualTo("F_WRLCK");
        assertThat(FileLock.typeName(9)).isEqualTo("F_9");
        Process p0 = fx.owner("P0");
        fx.runAs(p0, () -> {
            int a = fx.open(p0, F, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            int b = fx.open(p0, F, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK);
            int c = fx.open(p0, "/dev/dax0", OpenFlags.O_RDONLY);
            assertThat(p0.files().get(b).nonBlocking()).isTrue();
            assertThat(p0.files().get(a).nonBlocking()).isFalse();
            assertThat(p0.files().get(c).isCharDevice()).isTrue();
            assertThat(p0.files().get(a).isCharDevice()).isFalse();
            assertThat(p0.files().get(a).name()).isEqualTo(F);
            fx.world.files().close(p0, b);
            assertThat(fx.open(p0, F, OpenFlags.O_RDONLY)).isEqualTo(b); // lowest free fd
            assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
        });
    }

    @Test
    void killFasyncWithoutAnEntrySendsNothing() {
        Fixture fx = Fixture.boot();
        int before = fx.world.kernel().events().size();
        FasyncStruct.killFasync(fx.world.kernel(), null, 1, "lease");
        assertThat(fx.world.kernel().events().size()).isEqualTo(before);
    }

    @Test
    void leaseTargetTypesFollowThePendingBits() {
        Fixture fx = Fixture.boot();
        FileLock fl = new FileLock(fx.world.kernel());
        fl.init(FileLock.FL_LEASE, FileLock.F_WRLCK, "owner", null, null, 1);
        assertThat(fl.isBreaking()).isFalse();
        assertThat(fl.targetType()).isEqualTo(FileLock.F_WRLCK);
        fl.setFlags(fl.flags() | FileLock.FL_DOWNGRADE_PENDING);
        assertThat(fl.isBreaking()).isTrue();
        assertThat(fl.targetType()).isEqualTo(FileLock.F_RDLCK);
        fl.setFlags(fl.flags() | FileLock.FL_UNLOCK_PENDING);
        assertThat(fl.targetType()).isEqualTo(FileLock.F_UNLCK);
        assertThat(fl.pid()).isEqualTo(1);
        assertThat(fl.breakStartedNs()).isEqualTo(-1);
    }
}
