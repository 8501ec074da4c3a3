/**
 * device-dax ({@code drivers/dax/device.c}) [10]: character devices mapping fixed physical ranges,
 * whose VMAs offer {@code ->lease_direct()}; shutting an instance down breaks the layouts (revoking
 * RDMA), zaps the mappings and frees the range for another owner; in the designs whose device-dax
 * pins take no lease (merged Linux, the layout-lease RFC) only once its last page is unpinned.
 */
package io.mapdirect.dax;
