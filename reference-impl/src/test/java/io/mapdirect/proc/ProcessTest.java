package io.mapdirect.proc;

import static io.mapdirect.world.Fixture.F;
import static io.mapdirect.world.Fixture.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.kernel.Signal;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.world.Fixture;
import org.junit.jupiter.api.Test;

/** Processes ({@code kernel/fork.c}, {@code kernel/exit.c}, {@code kernel/signal.c}): fork, exit and signals. */
class ProcessTest {
    @Test
    void forkSharesOpenFilesAndCopiesVmas() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process[] child = new Process[1];
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            fx.map(p0, fd, 2, Fixture.SHARED);
            child[0] = fx.world.proc().fork(p0, "C");
            assertThat(child[0].files().get(fd)).isSameAs(p0.files().get(fd));
            assertThat(p0.files().get(fd).count()).isEqualTo(4); // two fds, two VMAs
            assertThat(child[0].mm().vmas()).hasSize(1);
            assertThat(child[0].creds()).isEqualTo(p0.creds());
        });
        assertThat(fx.world.processes().byName("C")).isSameAs(child[0]);
        assertThat(fx.world.processes().byName("nobody")).isNull();
        assertThat(fx.world.processes().all()).containsExactly(p0, child[0]);
        assertThat(child[0].pid()).isNotEqualTo(p0.pid());
        assertThat(child[0]).hasToString("C(pid " + child[0].pid() + ")");
    }

    @Test
    void exitClosesVmasThenFilesThenRegisteredHandlesOnce() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        int[] released = new int[1];
        fx.runAs(p0, () -> {
            int fd = fx.createF(p0);
            fx.map(p0, fd, 4, Fixture.DIRECT);
            p0.releaseAtExit(() -> released[0]++);
            assertThat(fx.world.proc().exit(p0)).isEqualTo(SysResult.ok());
            fx.world.proc().exit(p0);
        });
        assertThat(p0.exited()).isTrue();
        assertThat(released[0]).isEqualTo(1);
        assertThat(p0.files().isEmpty()).isTrue();
        assertThat(p0.mm().vmas()).isEmpty();
        assertThat(fx.live("file")).isZero();
        assertThat(fx.inode(F).mapdcount()).isZero();
        p0.sendSignal(Signal.SIGIO, 3);
        assertThat(p0.signals()).isEmpty();
    }

    @Test
    void signalsAreRecordedAndAwaited() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        Process p1 = fx.owner("P1");
        boolean[] got = new boolean[3];
        fx.start(p0, () -> {
            got[0] = p0.awaitSignal(Signal.SIGIO, 10 * SEC);
            got[1] = p0.awaitSignal(Signal.SIGIO, SEC);
        });
        fx.start(p1, () -> {
            fx.sleepNs(SEC);
            p0.sendSignal(Signal.SIGIO, 7);
            got[2] = p1.awaitSignal(Signal.SIGUSR1, -1);
        });
        fx.start(fx.owner("P2"), () -> {
            fx.sleepNs(5 * SEC);
            fx.world.proc().kill(p1, Signal.SIGUSR1);
        });
        fx.runCompleted();
        assertThat(got).containsExactly(true, false, true);
        assertThat(p0.signals()).singleElement().satisfies(s -> {
            assertThat(s.fd()).isEqualTo(7);
            assertThat(s.timeNs()).isEqualTo(SEC);
        });
        assertThat(p0.count(Signal.SIGIO)).isEqualTo(1);
    }

    @Test
    void credentialsAndFaultScopeCanChange() {
        Fixture fx = Fixture.boot();
        Process p0 = fx.owner("P0");
        assertThat(p0.faultScope()).isEqualTo("P0");
        p0.setFaultScope("op 1");
        assertThat(p0.faultScope()).isEqualTo("op 1");
        p0.setCreds(io.mapdirect.kernel.Creds.user(5));
        assertThat(p0.creds().fsuid()).isEqualTo(5);
        assertThat(p0.signalTarget()).isSameAs(p0);
        assertThat(p0.kernel()).isSameAs(fx.world.kernel());
        assertThat(p0.task()).isNull();
        p0.deliverPendingSignals();
    }
}
