package org.vhdboot.layout;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tree in {@code vhdboot.ini} (version 2): {@code [version.NAME]} and {@code [snapshot.NAME]} sections; what the
 * children stand on is read with them by {@link LayoutSlotSections}. Everything read here is hostile input:
 * names are checked, a file must be the one the name derives, every reference must resolve, and the whole must be
 * a tree rooted in versions; any flaw is one line naming the file, the section and the key.
 */
public final class LayoutTreeSections {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private LayoutTreeSections() {
    }

    static void read(LayoutText text, Layout layout) throws LayoutException {
        for (ImageRef.Kind kind : ImageRef.Kind.values()) {
            for (LayoutText.Section section : text.sectionsStartingWith(kind.key() + ".")) {
                readImage(new LayoutSettings(text, section, layout.folder()), kind, layout);
            }
        }
        ImageTree tree = layout.tree();
        Optional<ImageTree.Problem> problem = tree.problem();
        if (problem.isPresent()) {
            String line = text.section(problem.get().image().section()).map(s -> ", line " + s.line()).orElse("");
            throw new LayoutException(text.file() + line + ": " + problem.get().text());
        }
    }

    private static void readImage(LayoutSettings image, ImageRef.Kind kind, Layout layout) throws LayoutException {
        String section = image.section().name();
        String name = section.substring(kind.key().length() + 1);
        Optional<String> badName = ImageName.problem(name);
        if (badName.isPresent()) {
            throw new LayoutException(image.text().file() + ", line " + image.section().line() + ": [" + LayoutText.shown(section)
                    + "] is not a " + kind.key() + " name: " + badName.get());
        }
        ImageRef ref = new ImageRef(kind, name);
        String file = image.fileName("file");
        String derived = derivedFile(ref, layout);
        if (!file.toLowerCase(Locale.ROOT).equals(derived.toLowerCase(Locale.ROOT))) {
            throw image.invalid("file", "is not the file vhdboot names " + ref + " (" + derived + ")");
        }
        boolean base = ref.equals(ImageRef.BASE_VERSION);
        Optional<ImageRef> parent = base ? Optional.empty() : Optional.of(image.parse("parent",
                text -> kind == ImageRef.Kind.SNAPSHOT ? reference(text) : versionNamed(text),
                kind == ImageRef.Kind.SNAPSHOT ? "is not version:NAME or snapshot:NAME" : "is not a version name")
                .orElseThrow(() -> image.missing("parent")));
        if (base && image.text("parent").isPresent()) {
            throw image.invalid("parent", "is set, but the base version stands on nothing");
        }
        Optional<String> linkId = image.guid("link_id");
        Optional<String> sha256 = image.parse("sha256", LayoutTreeSections::sha256, "is not a SHA-256 in hex");
        Optional<String> sourceSha256 = image.parse("source_sha256", LayoutTreeSections::sha256,
                "is not a SHA-256 in hex");
        Instant created = image.instant("created").orElse(null);
        Optional<PublishedBlob> published = PublishedBlob.read(image, layout.format().extension());
        if (published.isPresent() && kind != ImageRef.Kind.VERSION) {
            throw image.invalid(PublishedBlob.BLOB, "is set, but only versions are published");
        }
        layout.tree().put(new TreeImage(ref, derived, parent, created, linkId.orElse(null),
                image.text("note").orElse(null), sha256.orElse(null), sourceSha256.orElse(null),
                published.orElse(null)));
    }

    /** Files are derived from names: the base is the layout's parent, others {@code NAME-v-SLUG} or {@code NAME-s-SLUG}. */
    public static String derivedFile(ImageRef ref, Layout layout) {
        if (ref.equals(ImageRef.BASE_VERSION)) {
            return layout.parentFile();
        }
        if (ref.isSnapshot()) {
            return layout.snapshotFile(ref.name());
        }
        return layout.versionFile(ref.name());
    }

    static ImageRef reference(String text) {
        return ImageRef.parse(text).orElseThrow(IllegalArgumentException::new);
    }

    static ImageRef versionNamed(String text) {
        if (ImageName.problem(text).isPresent()) {
            throw new IllegalArgumentException(text);
        }
        return new ImageRef(ImageRef.Kind.VERSION, text);
    }

    private static String sha256(String text) {
        if (!SHA256.matcher(text).matches()) {
            throw new IllegalArgumentException(text);
        }
        return text;
    }

    /** The sections after the children's: what they stand on is written in theirs by {@link LayoutFile}. */
    static void write(LayoutText.Writer file, Layout layout) {
        for (TreeImage image : layout.tree().all()) {
            file.section(image.ref().section()).put("file", image.file());
            image.parent().ifPresent(parent -> file.put("parent", parent.kind() == ImageRef.Kind.VERSION
                    && image.ref().kind() == ImageRef.Kind.VERSION ? parent.name() : parent.toString()));
            if (image.created() != null) {
                file.put("created", image.created().toString());
            }
            putIfPresent(file, "link_id", image.linkId());
            putIfPresent(file, "sha256", image.sha256());
            putIfPresent(file, "source_sha256", image.sourceSha256());
            putIfPresent(file, "note", image.note());
            if (image.published() != null) {
                image.published().write(file);
            }
        }
    }

    private static void putIfPresent(LayoutText.Writer file, String key, String value) {
        if (value != null && !value.isBlank()) {
            file.put(key, value);
        }
    }
}
