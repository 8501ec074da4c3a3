package io.mapdirect.kernelmap;

import java.util.List;

/**
 * A Java element whose javadoc carries {@code @kernel} tags: the kernel functions it mirrors and
 * where it departs from them.
 *
 * @param javaName   {@code Class} or {@code Class#member}
 * @param source     the source file, relative to the source root
 * @param kernels    its {@code @kernel} tags
 * @param departures its {@code @departure} tags
 */
record Mirror(String javaName, String source, List<KernelRef> kernels, List<Departure> departures) {
    Mirror {
        kernels = List.copyOf(kernels);
        departures = List.copyOf(departures);
    }
}
