package org.vhdboot.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a differencing image records about its parent, and the rules for finding and trusting it. */
public interface ParentLink {

    /** Where the parent may be, in the order to try them. */
    List<ParentCandidate> candidates(Path childFolder);

    /** The parent this link resolves to now: the first candidate that is an existing file. */
    default Optional<Path> resolve(Path childFolder) {
        return candidates(childFolder).stream().map(ParentCandidate::path).filter(Files::isRegularFile).findFirst();
    }

    /**
     * Checks that {@code parent} is the image this link was made against.
     *
     * @return soft warnings that do not stop the chain from opening
     * @throws ParentLinkException when the parent is the wrong file, the wrong size or was modified
     */
    List<String> verify(Layer parent) throws IOException;

    /** The stored link fields, for display. */
    Map<String, String> fields();

    /**
     * @param source which stored field produced this path, e.g. {@code W2ru} or {@code relative_path}
     * @param stored the value as stored in the image
     * @param path the local path it maps to
     */
    record ParentCandidate(String source, String stored, Path path) {
    }
}
