package io.mapdirect.harness;

import io.mapdirect.events.OpResult;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;

/** What the harness needs of the RDMA layer and the DMA device. */
public interface RdmaBridge {
    /** {@code ibv_reg_mr} on {@code device}: the MR key or an errno. */
    SysResult regMr(Process process, String device, long addr, long lengthBytes);

    /** {@code ibv_dereg_mr}. */
    SysResult deregMr(Process process, int key);

    /** An O_DIRECT-like short-term pin held for {@code holdNs}. */
    SysResult directIo(Process process, long addr, long lengthBytes, long holdNs);

    /** A DMA write by {@code device} through MR {@code key}: a {@link OpResult.Dma} or {@link OpResult.NoDevice}. */
    OpResult dmaWrite(String device, int key, long offsetBytes, long value);

    /** A DMA read: a {@link OpResult.Dma} or {@link OpResult.NoDevice}. */
    OpResult dmaRead(String device, int key, long offsetBytes);
}
