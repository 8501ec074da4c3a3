package io.mapdirect.mm;

/** What a {@code ->fault} handler returns ({@code VM_FAULT_*}). */
public sealed interface FaultResult {
    /** The page is mapped: install this PTE ({@code VM_FAULT_NOPAGE} with a pfn inserted). */
    record Mapped(Pte pte) implements FaultResult { }

    /** {@code VM_FAULT_SIGBUS}, with the reason for reports. */
    record Sigbus(String reason) implements FaultResult { }

    /** {@code VM_FAULT_RETRY}: the handler dropped the mmap lock to sleep; the access is retried. */
    record Retry(String reason) implements FaultResult { }

    /** {@code VM_FAULT_OOM}. */
    record Oom() implements FaultResult { }
}
