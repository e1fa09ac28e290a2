package org.vhdboot.ops;

import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The images' own parent links are the truth, and {@code vhdboot.ini} the record of them: where the two disagree,
 * and which images in the folder stand on a frozen image without the layout knowing. {@code status},
 * {@code snapshot list} and {@code vhd check} report these; {@code snapshot delete} refuses on them.
 */
final class TreeCheck {
    private final OperationContext context;

    TreeCheck(OperationContext context) {
        this.context = context;
    }

    /** One line per disagreement between a recorded snapshot (or Current) and its file's own link. */
    List<String> disagreements(Layout layout) throws IOException {
        return disagreements(layout, layout.tree().snapshots());
    }

    /** The disagreements along Current's chain: Current and the snapshots under it. */
    List<String> currentChainDisagreements(Layout layout) throws IOException {
        List<TreeImage> chain = new ArrayList<>();
        for (ImageRef ref : layout.tree().lineage(layout.currentBase())) {
            if (ref.isSnapshot()) {
                chain.add(layout.tree().get(ref));
            }
        }
        return disagreements(layout, chain);
    }

    private List<String> disagreements(Layout layout, List<TreeImage> snapshots) throws IOException {
        List<String> problems = new ArrayList<>();
        ParentCheck links = new ParentCheck(context);
        for (TreeImage image : snapshots) {
            Path file = layout.folder().resolve(image.file());
            if (!Files.exists(file)) {
                problems.add("snapshot " + image.name() + " is recorded but " + image.file() + " is missing");
                continue;
            }
            disagreement(layout, links, "snapshot " + image.name(), file, image.parent().orElseThrow())
                    .ifPresent(problems::add);
        }
        Path current = layout.childPath(Role.CURRENT);
        if (Files.exists(current)) {
            disagreement(layout, links, "Current", current, layout.currentBase()).ifPresent(problems::add);
        }
        return problems;
    }

    private Optional<String> disagreement(Layout layout, ParentCheck links, String what, Path file, ImageRef recorded)
            throws IOException {
        Path expected = layout.pathOf(recorded);
        Optional<Path> actual = links.parentOf(file);
        if (actual.isPresent() && Files.exists(expected) && Files.isSameFile(actual.get(), expected)) {
            return Optional.empty();
        }
        String stands = actual.map(p -> "stands on " + describe(layout, p) + " by its own link")
                .orElse("names no parent that can be found");
        return Optional.of(what + " " + stands + ", but " + Layout.INI_NAME + " says it stands on " + recorded);
    }

    /** Images in the folder whose own link names {@code ref}'s file but which the layout does not record on it. */
    List<Path> unrecordedChildren(Layout layout, ImageRef ref) throws IOException {
        Path frozen = layout.pathOf(ref);
        List<Path> recorded = new ArrayList<>();
        layout.tree().childrenOf(ref).forEach(child -> recorded.add(layout.folder().resolve(child.file())));
        if (layout.currentBase().equals(ref)) {
            recorded.add(layout.childPath(Role.CURRENT));
        }
        if (layout.standsOn(Role.RECOVERY).equals(ref)) {
            recorded.add(layout.childPath(Role.RECOVERY));
        }
        ParentCheck links = new ParentCheck(context);
        List<Path> unknown = new ArrayList<>();
        for (Path image : imagesIn(layout.folder())) {
            if (!recorded.contains(image) && !image.equals(frozen) && links.namesAsParent(image, frozen)) {
                unknown.add(image);
            }
        }
        return unknown;
    }

    private static List<Path> imagesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return (name.endsWith(".vhdx") || name.endsWith(".vhd")) && !name.contains(StagedFile.SUFFIX);
            }).sorted().toList();
        }
    }

    /** {@code snapshot:NAME} for a recorded image, else the file's name. */
    private static String describe(Layout layout, Path file) {
        for (TreeImage image : layout.tree().all()) {
            try {
                if (Files.isSameFile(layout.folder().resolve(image.file()), file)) {
                    return image.ref().toString();
                }
            } catch (IOException e) {
                // Not this one.
            }
        }
        return file.getFileName().toString();
    }
}
