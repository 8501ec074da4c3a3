package io.mapdirect.harness;

import io.mapdirect.events.OpResult;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.proc.Process;

/** The RDMA bridge of a world without RDMA devices: every verb answers ENODEV, every DMA "no_device". */
public final class NoRdma implements RdmaBridge {
    @Override
    public SysResult regMr(Process process, String device, long addr, long lengthBytes) {
        return SysResult.err(Errno.ENODEV);
    }

    @Override
    public SysResult deregMr(Process process, int key) {
        return SysResult.err(Errno.EINVAL);
    }

    @Override
    public SysResult directIo(Process process, long addr, long lengthBytes, long holdNs) {
        return SysResult.err(Errno.ENODEV);
    }

    @Override
    public OpResult dmaWrite(String device, int key, long offsetBytes, long value) {
        return new OpResult.NoDevice();
    }

    @Override
    public OpResult dmaRead(String device, int key, long offsetBytes) {
        return new OpResult.NoDevice();
    }
}
