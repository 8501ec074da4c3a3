package io.mapdirect.proc;

import io.mapdirect.fs.FdTable;
import io.mapdirect.kernel.Creds;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.mm.PhysicalMemory;
import java.util.ArrayList;
import java.util.List;

/** Every process of one kernel; creates processes at boot and at fork. */
public final class ProcessTable {
    private final Kernel kernel;
    private final PhysicalMemory memory;
    private final List<Process> processes = new ArrayList<>();

    public ProcessTable(Kernel kernel, PhysicalMemory memory) {
        this.kernel = kernel;
        this.memory = memory;
    }

    /** A new process with an empty fd table and address space. */
    public Process create(String name, Creds creds) {
        Process process = new Process(kernel, memory, (int) kernel.nextSerial("pid") + 99, name, creds, new FdTable());
        processes.add(process);
        kernel.emit(new ProcEvents.ProcessCreated(process.pid(), 0, name));
        return process;
    }

    /**
     * Mirrors {@code copy_process()} for {@code fork()}: the child shares the parent's open files
     * ({@code dup_fd}) and gets a copy of its VMAs ({@code dup_mmap}, calling {@code ->open} for
     * each, which is how MAP_DIRECT counts the child's VMAs [06]).
     */
    public Process fork(Process parent, String childName) {
        Process child = new Process(kernel, memory, (int) kernel.nextSerial("pid") + 99, childName, parent.creds(),
                parent.files().dup());
        parent.mm().mmapLock().downWrite();
        try {
            parent.mm().dupInto(child.mm());
        } finally {
            parent.mm().mmapLock().upWrite();
        }
        processes.add(child);
        kernel.emit(new ProcEvents.ProcessCreated(child.pid(), parent.pid(), childName));
        return child;
    }

    public List<Process> all() {
        return List.copyOf(processes);
    }

    /** The process with this name, or null. */
    public Process byName(String name) {
        for (Process process : processes) {
            if (process.name().equals(name)) {
                return process;
            }
        }
        return null;
    }
}
