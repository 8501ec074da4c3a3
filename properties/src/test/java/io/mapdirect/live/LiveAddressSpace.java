package io.mapdirect.live;

import io.mapdirect.mm.AddressSpaceView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** This process's mappings as the model sees an address space: /proc/self/maps, read when asked. */
final class LiveAddressSpace {
    private LiveAddressSpace() {
    }

    static AddressSpaceView read() {
        List<AddressSpaceView.MappedRange> ranges = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                ranges.add(new AddressSpaceView.MappedRange(Long.parseUnsignedLong(line.substring(0, dash), 16),
                        Long.parseUnsignedLong(line.substring(dash + 1, space), 16)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/maps", e);
        }
        return AddressSpaceView.of(ranges);
    }
}
