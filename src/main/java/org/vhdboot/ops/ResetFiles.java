package org.vhdboot.ops;

import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.Role;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The files a reset of one child works with, all derived from the layout's own definition of that child: the
 * child, its temporary name while the new one is built, and the name {@code --keep-old} moves the old one to.
 * A reset, and the recovery of an interrupted one, touch nothing else.
 */
record ResetFiles(Role role, Path child, Path replacement) {
    private static final DateTimeFormatter KEPT_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    static ResetFiles of(Layout layout, Role role) {
        Path child = layout.childPath(role);
        return new ResetFiles(role, child, StagedFile.temporaryFor(child));
    }

    /** {@code NAME-Current.YYYYMMDD-HHMMSS.vhdx}: where {@code --keep-old} puts the old child. */
    Path kept(Instant at) {
        return child.resolveSibling(stem() + "." + KEPT_STAMP.format(at) + extension());
    }

    /** The form of the names {@link #kept} gives, for messages. */
    String keptForm() {
        return stem() + ".YYYYMMDD-HHMMSS" + extension();
    }

    /** Whether {@code name} is a name {@link #kept} gives. */
    boolean isKeptName(String name) {
        return Pattern.compile(Pattern.quote(stem() + ".") + "\\d{8}-\\d{6}" + Pattern.quote(extension()),
                Pattern.CASE_INSENSITIVE).matcher(name).matches();
    }

    private String stem() {
        String name = child.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private String extension() {
        String name = child.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }
}
