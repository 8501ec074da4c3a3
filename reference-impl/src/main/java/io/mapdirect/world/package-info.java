/**
 * Assembly: boots one machine from a {@link io.mapdirect.world.WorldConfig} by wiring the simulation,
 * the kernel base and every subsystem, mounting the filesystems and creating device-dax instances.
 * The only package that knows all the others.
 */
package io.mapdirect.world;
