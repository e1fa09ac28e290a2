/**
 * The OCI distribution client: references, registries over {@code java.net.http} and image-layout folders
 * behind one {@link org.vhdboot.oci.ArtifactStore}, manifests, and resumable, verified blob transfers. Knows
 * nothing of Windows, layouts or images; failures are {@link org.vhdboot.oci.OciException}s with a kind.
 */
package org.vhdboot.oci;
