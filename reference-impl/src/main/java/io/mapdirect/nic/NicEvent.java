package io.mapdirect.nic;

import io.mapdirect.kernel.KEvent;

/**
 * NIC events: DMA landings and faults (DMA_AFTER_REVOKE, DMA_TO_FOREIGN_BLOCK, ODP_COHERENT read
 * them), MR context programming and ODP translation changes. {@code nic} is the device name.
 */
public sealed interface NicEvent extends KEvent {
    /** A DMA reached {@code pmemBlock} through MR {@code mrKey} at bus address {@code iova}. */
    record DmaLanded(String nic, int mrKey, long iova, int pmemBlock, boolean write, long version) implements NicEvent { }

    /** A DMA through MR {@code mrKey} did not land ({@code iova} is -1 when no address was formed). */
    record DmaFaulted(String nic, int mrKey, long iova, boolean write, DmaFaultReason reason) implements NicEvent { }

    /** The driver programmed an MR context. */
    record MrProgrammed(String nic, int mrKey, long iovaStart, long lengthBytes, boolean odp) implements NicEvent { }

    /** The driver invalidated an MR: no further DMA through it. */
    record MrInvalidated(String nic, int mrKey) implements NicEvent { }

    /** The driver destroyed an MR context. */
    record MrDestroyed(String nic, int mrKey) implements NicEvent { }

    /** The MR's QP went to {@code state} ({@code reason} is null for a driver reset). */
    record QpStateChanged(String nic, int mrKey, QpState state, DmaFaultReason reason) implements NicEvent { }

    /** The driver installed an ODP translation. */
    record OdpMapped(String nic, int mrKey, long iovaPfn, int block, boolean writable) implements NicEvent { }

    /** ODP translations in {@code [startPfn, startPfn + pages)} were dropped ({@code dropped} were present). */
    record OdpZapped(String nic, int mrKey, long startPfn, long pages, int dropped) implements NicEvent { }
}
