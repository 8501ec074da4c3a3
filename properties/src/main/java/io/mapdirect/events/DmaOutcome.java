package io.mapdirect.events;

import io.mapdirect.nic.DmaResult;

/** The kinds of device DMA outcome, with the word reports and corpus result checks use for each. */
public enum DmaOutcome {
    LANDED("landed"), IOMMU_FAULT("iommu_fault"), MR_INVALID("mr_invalid"), QP_ERROR("qp_error"),
    ODP_FAULT("odp_fault"), OUT_OF_RANGE("out_of_range"), NO_DEVICE("no_device");

    private final String word;

    DmaOutcome(String word) {
        this.word = word;
    }

    /** {@code landed}, {@code iommu_fault}, ...: the corpus and report word. */
    public String word() {
        return word;
    }

    /** The kind of {@code outcome}. */
    public static DmaOutcome of(DmaResult outcome) {
        return switch (outcome) {
            case DmaResult.Landed landed -> LANDED;
            case DmaResult.IommuFault fault -> IOMMU_FAULT;
            case DmaResult.MrInvalid invalid -> MR_INVALID;
            case DmaResult.QpError error -> QP_ERROR;
            case DmaResult.OdpFault fault -> ODP_FAULT;
            case DmaResult.OutOfRange range -> OUT_OF_RANGE;
        };
    }

    /** The kind of an operation's result, or null when it is not a DMA outcome. */
    public static DmaOutcome of(OpResult result) {
        return switch (result) {
            case OpResult.Dma dma -> of(dma.outcome());
            case OpResult.NoDevice none -> NO_DEVICE;
            default -> null;
        };
    }

    /** The kind named {@code word}, or null. */
    public static DmaOutcome byWord(String word) {
        for (DmaOutcome outcome : values()) {
            if (outcome.word.equals(word)) {
                return outcome;
            }
        }
        return null;
    }
}
