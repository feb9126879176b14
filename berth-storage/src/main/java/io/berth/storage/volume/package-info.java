/**
 * Volumes: named, optionally size-capped storage that outlives containers.
 *
 * <p>{@link io.berth.storage.volume.DiskImage} is the size cap on its own: ext4 in a sparse file,
 * attached to a loop device (autoclear) and mounted at a directory. Writing past its size fails
 * with ENOSPC inside it; the host loses at most the file's length. The engine can use it alone,
 * e.g. to cap a container's writable layer.
 *
 * <p>{@link io.berth.storage.volume.VolumeStore} keeps named volumes, laid out as Docker's local
 * driver lays them out:
 *
 * <pre>
 * ROOT/volumes/
 *   NAME/
 *     volume.json     name, driver "local", createdAt (RFC 3339), labels, options ({"size": "100M"})
 *     disk.img        only with a size: the sparse ext4 image
 *     _data/          the mountpoint containers see; the image is mounted here
 *   .creating-UUID/   a volume being built; renamed to NAME when whole
 *   .removing-UUID/   a volume being deleted, already out of its name's place
 * </pre>
 *
 * <p>Nothing about mounts is written down: whether a volume is mounted is asked of the kernel
 * (loop devices and mountinfo), so after a reboot a volume reads as unmounted and
 * {@link io.berth.storage.volume.VolumeStore#ensureMounted} attaches and mounts it again.
 */
package io.berth.storage.volume;
