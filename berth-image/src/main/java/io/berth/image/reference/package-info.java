/**
 * Image references as the docker CLI reads and shows them ({@link io.berth.image.reference.ImageReference}),
 * following Docker's distribution/reference grammar and normalisation: Docker Hub is the
 * default registry, its one-component names live under {@code library/}, and a bare name gets
 * the tag "latest". Pure logic: nothing here touches the network or the disk.
 */
package io.berth.image.reference;
