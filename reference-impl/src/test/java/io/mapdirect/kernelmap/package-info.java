/**
 * The kernel map: reads the inventory of the functions the posted series adds or changes
 * ({@code kernel-map/series.tsv}) and the {@code @kernel} / {@code @departure} javadoc tags of the
 * model's sources, checks that they agree, and writes {@code docs/kernel-map.md}
 * ({@link io.mapdirect.kernelmap.KernelMap}).
 */
package io.mapdirect.kernelmap;
