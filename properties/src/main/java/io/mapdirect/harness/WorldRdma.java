package io.mapdirect.harness;

import io.mapdirect.events.OpResult;
import io.mapdirect.kernel.Errno;
import io.mapdirect.kernel.SysResult;
import io.mapdirect.nic.Nic;
import io.mapdirect.proc.Process;
import io.mapdirect.rdma.IbAccess;
import io.mapdirect.world.World;

/** The harness's way into a world's verbs core and NICs. */
final class WorldRdma implements RdmaBridge {
    private final World world;

    WorldRdma(World world) {
        this.world = world;
    }

    @Override
    public SysResult regMr(Process process, String device, long addr, long lengthBytes) {
        if (world.rdma().device(device) == null) {
            return SysResult.err(Errno.ENODEV);
        }
        return world.rdma().regMr(process, device, addr, lengthBytes, IbAccess.DEFAULT);
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
