package org.vhdboot.disk;

/** Told how far a long operation has got, in bytes of the virtual disk. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    void progress(long done, long total);
}
