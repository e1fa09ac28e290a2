package org.vhdboot.disk;

import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A layer held in one file whose virtual disk is a {@link LayerContent}: the part of a format's image class that is
 * the same for every format (the file, its parent link, the content calls, closing). What a format adds are its
 * structures: what it reports, checks and repairs.
 *
 * @param <C> the format's content, for what only that format's image asks of it
 */
public abstract class StoredLayer<C extends LayerContent> implements Layer {
    protected final Storage storage;
    /** The file's name, which every finding starts with. */
    protected final String name;
    protected final C content;
    private final ParentLink parentLink;

    /** @param parentLink null for an image without a parent */
    protected StoredLayer(Storage storage, C content, ParentLink parentLink) {
        this.storage = storage;
        this.name = storage.path().getFileName().toString();
        this.content = content;
        this.parentLink = parentLink;
    }

    @Override
    public Path path() {
        return storage.path();
    }

    @Override
    public boolean writable() {
        return storage.writable();
    }

    @Override
    public Optional<ParentLink> parentLink() {
        return Optional.ofNullable(parentLink);
    }

    /** The parent link's fields as {@code vhd info} shows them; none without a parent. */
    protected Map<String, String> parentLinkFields() {
        return parentLink == null ? Map.of() : parentLink.fields();
    }

    @Override
    public long storedBytes() {
        return content.storedBytes();
    }

    @Override
    public Extent map(long offset, long maxLength) throws IOException {
        return content.map(offset, maxLength);
    }

    @Override
    public void readStored(long fileOffset, ByteBuffer dst) throws IOException {
        content.readStored(fileOffset, dst);
    }

    @Override
    public void writeSectors(long offset, ByteBuffer src) throws IOException {
        content.writeSectors(offset, src);
    }

    @Override
    public void flush() throws IOException {
        content.flush();
    }

    /** Flushes what was written, then closes the file, even when the flush fails. */
    @Override
    public void close() throws IOException {
        try {
            if (storage.writable()) {
                content.flush();
            }
        } finally {
            storage.close();
        }
    }
}
