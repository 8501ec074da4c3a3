package io.mapdirect.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.mapdirect.check.InvariantId;
import io.mapdirect.corpus.CaseParser;
import io.mapdirect.corpus.CorpusException;
import io.mapdirect.events.HarnessEvents;
import io.mapdirect.events.Op;
import io.mapdirect.events.OpResult;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.KnownBug;
import io.mapdirect.kernel.Signal;
import io.mapdirect.rdma.RdmaEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The findings of the verdict run on the correct variants (docs/experiments.md, "Findings of the
 * verdict run"), each decided (by design, model bug or checker gap) and pinned here with the shrunk
 * case that showed it. Each assertion message names the case and how to replay it.
 */
class FindingsRegressionTest {
    private static final String HEADER = """
            # title: %s
            # variant: %s
            # profile: seed-2017
            # faults: none
            # expect: pass
            # provenance: verdict run of 2026-12-03, docs/experiments.md

            """;

    private static Case parse(String title, Variant variant, String body) {
        try {
            return CaseParser.parse(title, HEADER.formatted(title, variant) + body);
        } catch (CorpusException e) {
            throw new AssertionError("seed - (fixed case '" + title + "'): does not parse: " + e.getMessage(), e);
        }
    }

    private static String replay(Case c) {
        return "seed - (fixed case '" + c.title() + "' under " + c.variant()
                + ") — replay: mvn -B -q -pl properties -am test -Dtest=FindingsRegressionTest -Dsurefire.failIfNoSpecifiedTests=false";
    }

    static final String DEVDAX_NO_IOMMU = """
            world lease_break_time=0s pmem=12 dax=off
            device nic iommu=none
            devdax dax0.0 pages=4 owner=1000
            process p0 uid=1000

            p0: r8 = open(path=/dev/dax0.0, flags=O_RDWR)
            p0: r9 = mmap(len=16384, prot=READ|WRITE, flags=SHARED, fd=r8)
            p0: r10 = reg_mr(addr=r9, len=16384)

            schedule:
            """;

    @Test
    @DisplayName("LAYOUT_LEASE_RFC x DAX_REG_NEEDS_IOMMU is by design: device-dax registers without an IOMMU (as in merged Linux); v8 refuses it")
    void rfcRegistersDeviceDaxWithoutIommuByDesign() {
        Case rfc = parse("devdax reg without IOMMU", Variant.LAYOUT_LEASE_RFC, DEVDAX_NO_IOMMU);
        CaseResult result = Runs.run(rfc, false);
        assertThat(result.violations()).as(replay(rfc)).extracting(v -> v.id()).containsExactly(InvariantId.DAX_REG_NEEDS_IOMMU);
        assertThat(Expectations.isFinding(Variant.LAYOUT_LEASE_RFC, InvariantId.DAX_REG_NEEDS_IOMMU)).isFalse();
        assertThat(Expectations.isFinding(Variant.UPSTREAM, InvariantId.DAX_REG_NEEDS_IOMMU)).isFalse();
        Case v8 = rfc.withVariant(Variant.V8);
        assertThat(Runs.run(v8, false).violations()).as(replay(v8)).isEmpty();
    }

    static final String KILL_UNDER_MR = """
            world lease_break_time=0s pmem=8 dax=off
            device nic iommu=strict
            devdax dax0.0 pages=4 owner=1000
            process p0 uid=1000

            p0: r8 = open(path=/dev/dax0.0, flags=O_RDWR)
            p0: r9 = mmap(len=16384, prot=READ|WRITE, flags=SHARED, fd=r8)
            p0: r10 = reg_mr(addr=r9, len=16384)
            nic: sleep(for=1ms)
            nic: dma_write(mr=r10, value=5)
            env: kill_dev_dax(device=dax0.0)

            schedule:
            """;

    @Test
    @DisplayName("LAYOUT_LEASE_RFC x DMA_TO_FOREIGN_BLOCK after kill_dev_dax was a model bug: the range now waits for its last pin, as in merged Linux; the seed's fault on v8 is still caught")
    void killDevDaxUnderALiveMrKeepsTheRange() {
        for (Variant variant : List.of(Variant.LAYOUT_LEASE_RFC, Variant.UPSTREAM, Variant.V8)) {
            Case c = parse("kill_dev_dax under a live MR", Variant.LAYOUT_LEASE_RFC, KILL_UNDER_MR).withVariant(variant);
            assertThat(Runs.run(c, false).violated(InvariantId.DMA_TO_FOREIGN_BLOCK)).as(replay(c)).isFalse();
            assertThat(Runs.runFindings(c, false).violations()).as(replay(c)).isEmpty();
        }
        Case faulty = parse("kill_dev_dax under a live MR", Variant.V8, KILL_UNDER_MR).withFaults(Set.of(KnownBug.DEVDAX_KILL_NO_BREAK));
        assertThat(Runs.run(faulty, false).violated(InvariantId.DMA_TO_FOREIGN_BLOCK)).as(replay(faulty)).isTrue();
    }

    static final String STORE_ACROSS_INVALIDATION = """
            world lease_break_time=0s pmem=12 dax=on
            device nic iommu=strict
            file /xfs/f owner=1000 blocks=WUHW
            file /xfs/g owner=1000 blocks=WW
            process p0 uid=1000
            process p1 uid=1001
            process p2 uid=1001

            p0: sleep(for=1ns)
            p0: r0 = open(path=/xfs/f, flags=O_RDWR)
            p0: r1 = mmap(len=16384, prot=READ|WRITE, flags=SHARED_VALIDATE|DIRECT, fd=r0)
            p0: store(addr=r1, page=3, value=4)
            p1: sleep(for=1ns)
            p1: r3 = open(path=/xfs/f, flags=O_RDWR)
            p1: r6 = open(path=/xfs/g, flags=O_RDWR)
            p1: ficlone(dst=r6, src=r3)
            p2: r4 = open(path=/xfs/f, flags=O_RDWR)
            nic: dma_write(mr=r2, page=3, value=9)
            env: sleep(for=1ms)
            %s
            schedule: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 2
            """;

    @Test
    @DisplayName("SIGBUS_AFTER_INVALIDATE was a checker gap: a store that hit memory before the break invalidated the mapping, and returned after it, is no violation; a store started after it still gets SIGBUS")
    void storeAcrossTheInvalidationIsNoViolation() {
        Case c = parse("store across the invalidation", Variant.V8, STORE_ACROSS_INVALIDATION.formatted(""));
        CaseResult result = Runs.run(c, false);
        assertThat(result.world().kernel().events().ofType(io.mapdirect.fs.mapdirect.MapDirectEvents.Invalidated.class))
                .as(replay(c)).hasSize(1);
        assertThat(result.violations()).as(replay(c)).isEmpty();
        Case later = parse("store after the invalidation", Variant.V8, STORE_ACROSS_INVALIDATION.formatted(
                "p0: sleep(for=2ms)\np0: store(addr=r1, page=0, value=5)\n"));
        CaseResult laterResult = Runs.run(later, false);
        assertThat(laterResult.violations()).as(replay(later)).isEmpty();
        assertThat(laterResult.world().kernel().events().ofType(HarnessEvents.OpDone.class).stream()
                .filter(d -> d.actor().equals("p0") && d.op() instanceof Op.Store).map(HarnessEvents.OpDone::result).toList())
                .as(replay(later)).containsExactly(OpResult.ZERO, new OpResult.Sig(Signal.SIGBUS));
    }

    static final String ODP_PRIVATE = """
            world lease_break_time=0s pmem=12 dax=on
            device nic iommu=strict
            file /xfs/f owner=1000 blocks=WWWW
            file /xfs/g owner=1000 blocks=-
            process p0 uid=1000
            process p1 uid=1000

            p0: r0 = open(path=/xfs/f, flags=O_RDWR)
            p0: r1 = mmap(len=16384, prot=READ|WRITE, flags=PRIVATE, fd=r0)
            p0: r2 = reg_mr(addr=r1, len=16384)
            nic: dma_read(mr=r2, page=0)
            nic: sleep(for=2ms)
            nic: dma_read(mr=r2, page=0)
            nic: dma_write(mr=r2, page=1, value=9)
            p1: sleep(for=1ms)
            p1: truncate(path=/xfs/f, len=0)
            p1: r3 = open(path=/xfs/g, flags=O_RDWR)
            p1: write(fd=r3, off=0, len=16384, value=7)

            schedule:
            """;

    @Test
    @DisplayName("ODP x ODP_COHERENT on a MAP_PRIVATE file mapping was a model gap: a private DAX page that is still the file's now keeps its file position, so the checker can tell the device reached the file's own block")
    void odpReadOfAPrivateDaxPageIsTheFilesBlock() {
        Case c = parse("ODP MR over a private DAX mapping", Variant.ODP, ODP_PRIVATE);
        CaseResult result = Runs.run(c, false);
        assertThat(result.violations()).as(replay(c)).isEmpty();
        List<RdmaEvent.OdpFaultResolved> resolved = result.world().kernel().events().ofType(RdmaEvent.OdpFaultResolved.class);
        assertThat(resolved).as(replay(c)).isNotEmpty();
        assertThat(resolved.get(0).ino()).as("the first (read) fault resolved the file's own page").isNotNegative();
        assertThat(resolved.get(0).fileBlock()).isZero();
    }

    static final String RFC_CLONE_THEN_COW = """
            world lease_break_time=1s pmem=12 dax=on
            device nic iommu=strict
            file /xfs/f owner=1000 blocks=WWWW
            file /xfs/g owner=1000 blocks=-
            process p0 uid=1000
            process p1 uid=1000

            p0: r0 = open(path=/xfs/f, flags=O_RDWR)
            p0: setlease(fd=r0, type=F_RDLCK|F_LAYOUT)
            p0: r1 = mmap(len=16384, prot=READ|WRITE, flags=SHARED, fd=r0)
            p0: r2 = reg_mr(addr=r1, len=16384)
            p1: sleep(for=1ms)
            p1: r3 = open(path=/xfs/f, flags=O_RDWR)
            p1: r6 = open(path=/xfs/g, flags=O_RDWR)
            p1: ficlone(dst=r6, src=r3)
            p1: write(fd=r3, off=0, len=4096, value=7)
            nic: sleep(for=5s)
            nic: dma_write(mr=r2, page=0, value=9)

            schedule:
            """;

    @Test
    @DisplayName("LAYOUT_LEASE_RFC x DMA_TO_FOREIGN_BLOCK through FICLONE then copy-on-write was a model gap: sharing is part of the RFC's layout, so reflinking a file the lease holder keeps pinned fails ETXTBSY")
    void rfcRefusesToMovePinnedBlocksThroughReflink() {
        Case clone = parse("FICLONE of a pinned file, then a write", Variant.LAYOUT_LEASE_RFC, RFC_CLONE_THEN_COW);
        CaseResult cloned = Runs.run(clone, false);
        assertThat(cloned.violated(InvariantId.DMA_TO_FOREIGN_BLOCK)).as(replay(clone)).isFalse();
        assertThat(resultOf(cloned, "ficlone")).as(replay(clone)).isEqualTo(new OpResult.Err(Errno.ETXTBSY));
        assertThat(Runs.runFindings(clone, false).violations()).as(replay(clone)).isEmpty();
    }

    private static OpResult resultOf(CaseResult result, String opName) {
        return result.world().kernel().events().ofType(HarnessEvents.OpDone.class).stream()
                .filter(d -> d.op().name().equals(opName)).map(HarnessEvents.OpDone::result).findFirst().orElse(null);
    }
}
