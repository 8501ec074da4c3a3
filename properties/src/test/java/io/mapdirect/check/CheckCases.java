package io.mapdirect.check;

import io.mapdirect.corpus.CaseParser;
import io.mapdirect.corpus.CorpusException;
import io.mapdirect.events.OpResult;
import io.mapdirect.harness.Case;
import io.mapdirect.harness.CaseResult;
import io.mapdirect.harness.CaseRunner;
import io.mapdirect.harness.RdmaBridge;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.nic.Nic;
import io.mapdirect.proc.Process;
import io.mapdirect.rdma.IbAccess;
import io.mapdirect.world.World;
import java.util.List;
import java.util.function.Function;

/** Builds and runs the checker tests' cases, written in the corpus format. */
final class CheckCases {
    private CheckCases() {
    }

    /** Parses a case's text (header, world, operations, schedule). */
    static Case parse(String title, String text) {
        try {
            return CaseParser.parse(title, text);
        } catch (CorpusException e) {
            throw new AssertionError("case '" + title + "' does not parse: " + e.getMessage(), e);
        }
    }

    /** Runs {@code c} to the end with only {@code invariants}, through the world's own RDMA layer. */
    static CaseResult run(Case c, Invariant... invariants) {
        return run(c, HonestRdma::new, invariants);
    }

    /** Runs {@code c} to the end with only {@code invariants}, through {@code rdma}. */
    static CaseResult run(Case c, Function<World, RdmaBridge> rdma, Invariant... invariants) {
        return CaseRunner.run(c, new CaseRunner.Options(false, rdma, () -> List.of(invariants)));
    }

    /** The world's RDMA layer and NICs, as the harness reaches them. */
    static class HonestRdma implements RdmaBridge {
        final World world;

        HonestRdma(World world) {
            this.world = world;
        }

        @Override
        public SysResult regMr(Process process, String device, long addr, long lengthBytes) {
            return world.rdma().device(device) == null ? SysResult.err(Errno.ENODEV)
                    : world.rdma().regMr(process, device, addr, lengthBytes, IbAccess.DEFAULT);
        }

        @Override
        public SysResult deregMr(Process process, int key) {
            return world.rdma().deregMr(process, key);
        }

        @Override
        public SysResult directIo(Process process, long addr, long lengthBytes, long holdNs) {
            return world.rdma().directIo(process, addr, lengthBytes, holdNs);
        }

        @Override
        public OpResult dmaWrite(String device, int key, long offsetBytes, long value) {
            Nic nic = world.nic(device);
            return nic == null ? new OpResult.NoDevice() : OpResult.of(nic.dmaWrite(key, offsetBytes, value));
        }

        @Override
        public OpResult dmaRead(String device, int key, long offsetBytes) {
            Nic nic = world.nic(device);
            return nic == null ? new OpResult.NoDevice() : OpResult.of(nic.dmaRead(key, offsetBytes));
        }
    }

    /**
     * An RDMA layer with a bug planted where the checkers cannot see it: registration always
     * succeeds with key 7 and a DMA write answers an errno. It stands for a model (or kernel) whose
     * verbs layer is wrong; ERRNO must notice from the results and the state alone.
     */
    static final class LyingRdma extends HonestRdma {
        LyingRdma(World world) {
            super(world);
        }

        @Override
        public SysResult regMr(Process process, String device, long addr, long lengthBytes) {
            return SysResult.value(7);
        }

        @Override
        public OpResult dmaWrite(String device, int key, long offsetBytes, long value) {
            return new OpResult.Err(Errno.EIO);
        }
    }
}
