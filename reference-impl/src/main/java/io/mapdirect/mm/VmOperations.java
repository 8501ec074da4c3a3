package io.mapdirect.mm;

import io.mapdirect.kernel.KResult;
import java.util.function.Consumer;

/**
 * {@code struct vm_operations_struct}: how a mapping's file reacts to VMA life-cycle events and
 * faults, plus the seed's {@code ->lease_direct()} [08].
 */
public interface VmOperations {
    /** {@code ->open}: a VMA was duplicated (split or fork). */
    default void open(Vma vma) {
    }

    /** {@code ->close}: a VMA goes away (munmap, exit). */
    default void close(Vma vma) {
    }

    /** {@code ->fault}/{@code ->page_mkwrite}/{@code ->pfn_mkwrite} in one: map the page at {@code vmf}. */
    FaultResult fault(VmFault vmf);

    /**
     * {@code vm_ops->lease_direct != NULL}: whether {@link #leaseDirect} is implemented [08] [11].
     *
     * @kernel include/linux/mm.h vm_operations_struct.lease_direct() [08] [11]
     */
    default boolean hasLeaseDirect() {
        return false;
    }

    /**
     * {@code ->lease_direct()} [08]: subscribe {@code breakFn(owner)} to "break" events of the file
     * behind {@code vma}. Returns null when the mapping has no such operation (C: a NULL op).
     *
     * @kernel include/linux/mm.h vm_operations_struct.lease_direct() [08]
     */
    default KResult<LeaseDirectHandle> leaseDirect(Vma vma, Consumer<Object> breakFn, Object owner) {
        return null;
    }

    /** A name for reports, e.g. {@code "xfs_file_vm_direct_ops"}. */
    String name();
}
