package io.mapdirect.iommu;

import io.mapdirect.hw.PciDevice;
import io.mapdirect.hw.Pmem;
import io.mapdirect.kernel.Kernel;
import io.mapdirect.kernel.Oops;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's IOMMU: which domain each device is attached to, in which {@link IommuMode}
 * (spec §2.2), and the device-side translation of a DMA address to a pmem block. One domain per
 * device; a device never attached has no IOMMU ({@link IommuMode#NONE}).
 */
public final class Iommu {
    private record Attachment(IommuMode mode, IommuDomain domain) { }

    private final Kernel kernel;
    private final Pmem pmem;
    private final IommuVendor vendor;
    private final Map<PciDevice, Attachment> attachments = new LinkedHashMap<>();
    private final List<IommuDomain> domains = new ArrayList<>();

    /** An {@link IommuVendor#AMD} IOMMU. */
    public Iommu(Kernel kernel, Pmem pmem) {
        this(kernel, pmem, IommuVendor.AMD);
    }

    public Iommu(Kernel kernel, Pmem pmem, IommuVendor vendor) {
        this.kernel = kernel;
        this.pmem = pmem;
        this.vendor = vendor;
    }

    /** Whose driver runs the IOMMU, and so answers the DMA API's per-device questions. */
    public IommuVendor vendor() {
        return vendor;
    }

    /**
     * Attaches {@code dev} at boot in {@code mode} ({@code iommu_attach_device()} of its default
     * domain). Returns the new domain, or null for {@link IommuMode#NONE}. Attaching a device twice
     * is a bug in the world set-up (BUG).
     *
     * @kernel drivers/iommu/iommu.c iommu_attach_device()
     */
    public IommuDomain attach(PciDevice dev, IommuMode mode) {
        Oops.bugOn(attachments.containsKey(dev), "iommu_attach_device", dev.name() + " is already attached");
        IommuDomain domain = null;
        if (mode != IommuMode.NONE) {
            IommuDomain.Type type = mode == IommuMode.IDENTITY ? IommuDomain.Type.IDENTITY : IommuDomain.Type.DMA;
            domain = new IommuDomain(kernel, domains.size() + 1, type, mode == IommuMode.DMA_LAZY, vendor == IommuVendor.AMD);
            domains.add(domain);
        }
        attachments.put(dev, new Attachment(mode, domain));
        kernel.emit(new IommuEvent.DeviceAttached(dev.name(), mode, domain == null ? 0 : domain.id()));
        return domain;
    }

    /** The device's mode; {@link IommuMode#NONE} if it was never attached. */
    public IommuMode mode(PciDevice dev) {
        Attachment attachment = attachments.get(dev);
        return attachment == null ? IommuMode.NONE : attachment.mode();
    }

    /**
     * Mirrors {@code iommu_get_domain_for_dev()}: the device's domain whatever its type, identity
     * included (Robin Murphy's point in [28], Dan Williams' answer in [31]: this alone does not say
     * whether the DMA API translates through it); null without an IOMMU.
     *
     * @kernel drivers/iommu/iommu.c iommu_get_domain_for_dev() [28] [31]
     */
    public IommuDomain iommuGetDomainForDev(PciDevice dev) {
        Attachment attachment = attachments.get(dev);
        return attachment == null ? null : attachment.domain();
    }

    /**
     * The device's DMA to {@code dmaAddress} as the hardware resolves it: through the device's
     * domain, or straight to physical memory without an IOMMU. A block outside pmem is a bus error
     * ({@link FaultReason#NO_MEMORY}).
     */
    public Translation translate(PciDevice dev, long dmaAddress, boolean write) {
        IommuDomain domain = iommuGetDomainForDev(dev);
        Translation translation;
        if (domain != null) {
            translation = domain.translate(dmaAddress, write);
        } else {
            long pfn = dmaAddress >>> Pmem.PAGE_SHIFT;
            translation = pfn > Integer.MAX_VALUE ? new Translation.Fault(FaultReason.NO_MEMORY)
                    : new Translation.Mapped((int) pfn, null, false);
        }
        if (translation instanceof Translation.Mapped mapped && !pmem.contains(mapped.block())) {
            kernel.probes().hit("DMA to a missing block");
            return new Translation.Fault(FaultReason.NO_MEMORY);
        }
        return translation;
    }

    /** Every domain, by id. */
    public List<IommuDomain> domains() {
        return List.copyOf(domains);
    }

    public Pmem pmem() {
        return pmem;
    }
}
