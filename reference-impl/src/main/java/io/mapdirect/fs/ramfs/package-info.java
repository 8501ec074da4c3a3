/**
 * The plain filesystem of spec §2.3/2.5: a tmpfs-like page-cache filesystem without DAX, without a
 * validate hook and without reflink, standing for tmpfs and ext4 of 2017.
 */
package io.mapdirect.fs.ramfs;
