package io.mapdirect.hw;

import io.mapdirect.kernel.KEvent;
import java.util.List;

/** Persistent-memory events the durability checker (USERSPACE_FLUSH_DURABLE) reads. */
public sealed interface PmemEvent extends KEvent {
    /** A CPU store landed in the cache line of {@code block}; not durable yet. */
    record CpuStored(int block, long version) implements PmemEvent { }

    /** A dirty line was flushed (clwb+sfence): {@code version} is now durable in {@code block}. */
    record CacheLineFlushed(int block, long version) implements PmemEvent { }

    /** Power failure: the unflushed stores to {@code lostBlocks} are gone. */
    record Crashed(List<Integer> lostBlocks) implements PmemEvent { }
}
