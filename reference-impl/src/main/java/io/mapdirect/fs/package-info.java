/**
 * The VFS structures of {@code include/linux/fs.h}: inodes (with {@code i_rwsem}, the lease context
 * and {@code i_mapdcount} [03]), open files with their reference counts and SIGIO owner, file
 * descriptor tables, superblocks and the mount table, fasync entries and the lease structures
 * ({@code struct file_lock}). It depends on {@code mm} for address spaces and implements
 * {@link io.mapdirect.mm.VmFile} so that memory management stays below it. Upper layers (the lease
 * core, MAP_DIRECT, the filesystems) build on these structures; the VFS calls back into them only
 * through hooks they register.
 */
package io.mapdirect.fs;
