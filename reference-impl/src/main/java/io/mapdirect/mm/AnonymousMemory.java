package io.mapdirect.mm;

/**
 * Private or shared anonymous memory: each page faults in a zeroed DRAM page. The model never
 * frees anonymous pages (DRAM is not what the invariants are about), so a pinned anonymous page can
 * never be reused under a device.
 */
final class AnonymousMemory implements VmOperations {
    static final AnonymousMemory OPS = new AnonymousMemory();

    private AnonymousMemory() {
    }

    /** Mirrors {@code do_anonymous_page()}. */
    @Override
    public FaultResult fault(VmFault vmf) {
        PhysicalMemory memory = vmf.vma().mm().physicalMemory();
        long pfn = memory.allocateDramPage();
        if (pfn < 0) {
            return new FaultResult.Oom();
        }
        return vmf.install(new Pte(pfn, vmf.vma().isWritable()));
    }

    @Override
    public String name() {
        return "anon_vm_ops";
    }
}
