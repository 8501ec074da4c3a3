package io.mapdirect.rdma;

import static io.mapdirect.rdma.RdmaWorlds.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.iommu.IommuMode;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.world.WorldConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the verbs core records for a user MR and takes back at deregistration and exit:
 * {@code ib_uverbs_reg_mr()} keeps the MR's range, access and process; {@code ib_uverbs_dereg_mr()}
 * takes the MR out of the device's table and marks its umem deregistered; the exit's
 * {@code ib_uverbs_cleanup_ucontext()} [40] closes the context; an ODP umem's
 * {@code ib_umem_odp} part points back at it [34].
 */
class MrBookkeepingTest {
    @Test
    @DisplayName("ib_uverbs_reg_mr: the MR keeps the user address, length and access it was registered with, its process and its device's kernel")
    void mrKeepsWhatItWasRegisteredWith() {
        RdmaUnitTest.inWorld(WorldConfig.defaults(), (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, 3);
            int access = IbAccess.LOCAL_WRITE | IbAccess.REMOTE_READ;
            int key = (int) w.rdma().regMr(p0, anon + PAGE + 8, PAGE, access).valueOrThrow();
            IbMr mr = w.uverbs().device("nic").mr(key);
            assertThat(mr.address()).isEqualTo(anon + PAGE + 8);
            assertThat(mr.lengthBytes()).isEqualTo(PAGE);
            assertThat(mr.access()).isEqualTo(access);
            assertThat(mr.pid()).isNotZero().isEqualTo(p0.pid());
            assertThat(mr.device().kernel()).isSameAs(w.kernel());
        });
    }

    @Test
    @DisplayName("ib_uverbs_dereg_mr: the MR leaves the device's table and its umem is no longer registered")
    void deregTakesTheMrOutOfTheDeviceAndTheUmem() {
        RdmaUnitTest.inWorld(WorldConfig.defaults(), (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, 1);
            int key = (int) w.rdma().regMr(p0, anon, PAGE, IbAccess.DEFAULT).valueOrThrow();
            IbDevice nic = w.uverbs().device("nic");
            IbUmem umem = nic.mr(key).umem();
            assertThat(umem.mrLive()).isTrue();
            assertThat(w.rdma().deregMr(p0, key)).isEqualTo(SysResult.ok());
            assertThat(nic.mr(key)).isNull();
            assertThat(nic.mrs()).isEmpty();
            assertThat(umem.mrLive()).isFalse();
            assertThat(umem.mrKey()).isEqualTo(key);
        });
    }

    @Test
    @DisplayName("[40] ib_uverbs_cleanup_ucontext: the user context is open while the process lives and closed, with no MR, after its exit")
    void exitClosesTheUserContext() {
        IbUcontext[] context = new IbUcontext[1];
        RdmaUnitTest.inWorld(WorldConfig.defaults(), (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, 1);
            w.rdma().regMr(p0, anon, PAGE, IbAccess.DEFAULT).valueOrThrow();
            context[0] = w.rdma().mrs(p0).get(0).context();
            assertThat(context[0].closed()).isFalse();
        });
        assertThat(context[0].closed()).isTrue();
        assertThat(context[0].mrs()).isEmpty();
    }

    @Test
    @DisplayName("[34] ib_umem_odp_get: the ODP part of an ODP MR's umem belongs to that umem")
    void odpPartPointsBackAtItsUmem() {
        RdmaUnitTest.inWorld(RdmaWorlds.config(RdmaWorlds.v8().withOdp(true), IommuMode.DMA_STRICT), (w, p0) -> {
            long anon = RdmaUnitTest.anonymous(w, p0, 1);
            int key = (int) w.rdma().regMr(p0, anon, PAGE, IbAccess.DEFAULT).valueOrThrow();
            IbUmem umem = w.uverbs().device("nic").mr(key).umem();
            assertThat(umem.odp().umem()).isSameAs(umem);
        });
    }
}
