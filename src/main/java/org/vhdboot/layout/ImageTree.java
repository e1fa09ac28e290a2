package org.vhdboot.layout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The frozen images of a layout and what stands on what: versions (the base at least) at the roots, snapshots
 * above them. The writable children stand at the leaves; they are the layout's, not the tree's. The images' own
 * parent links are the truth: this is the record {@code status} and {@code snapshot list} hold them to.
 */
public final class ImageTree {
    private final Map<ImageRef, TreeImage> images = new LinkedHashMap<>();

    public void put(TreeImage image) {
        images.put(image.ref(), image);
    }

    public void remove(ImageRef ref) {
        images.remove(ref);
    }

    public Optional<TreeImage> find(ImageRef ref) {
        return Optional.ofNullable(images.get(ref));
    }

    public TreeImage get(ImageRef ref) {
        TreeImage image = images.get(ref);
        if (image == null) {
            throw new IllegalStateException("the layout records no " + ref);
        }
        return image;
    }

    /** The image of {@code kind} whose name or slug is {@code name}'s, compared without case. */
    public Optional<TreeImage> findByName(ImageRef.Kind kind, String name) {
        String slug = ImageName.slug(name);
        return images.values().stream().filter(i -> i.ref().kind() == kind)
                .filter(i -> i.name().equalsIgnoreCase(name) || ImageName.slug(i.name()).equals(slug)).findFirst();
    }

    public List<TreeImage> all() {
        return List.copyOf(images.values());
    }

    public List<TreeImage> snapshots() {
        return images.values().stream().filter(i -> i.ref().isSnapshot()).toList();
    }

    /** The images that stand directly on {@code ref}. */
    public List<TreeImage> childrenOf(ImageRef ref) {
        return images.values().stream().filter(i -> i.parent().filter(ref::equals).isPresent()).toList();
    }

    /** {@code ref}, its parent, and so on to its root; stops at a missing image or a cycle. */
    public List<ImageRef> lineage(ImageRef ref) {
        List<ImageRef> lineage = new ArrayList<>();
        Optional<ImageRef> at = Optional.of(ref);
        while (at.isPresent() && !lineage.contains(at.get()) && images.containsKey(at.get())) {
            lineage.add(at.get());
            at = images.get(at.get()).parent();
        }
        return lineage;
    }

    /** Differencing links from the root to {@code ref}: 0 for a root version. */
    public int depth(ImageRef ref) {
        return lineage(ref).size() - 1;
    }

    /** The version {@code ref} stands on, itself when it is one. */
    public Optional<ImageRef> versionUnder(ImageRef ref) {
        return lineage(ref).stream().filter(r -> r.kind() == ImageRef.Kind.VERSION).findFirst();
    }

    /** Why the recorded tree cannot be: {@code text} starts with the section of {@code image}, which shows it. */
    public record Problem(ImageRef image, String text) {
        static Optional<Problem> of(TreeImage image, String what) {
            return Optional.of(new Problem(image.ref(), "[" + image.ref().section() + "] " + what));
        }
    }

    /** Why the recorded tree cannot be, or empty: every parent recorded, no cycle, one image per name and slug. */
    public Optional<Problem> problem() {
        Map<String, ImageRef> slugs = new LinkedHashMap<>();
        for (TreeImage image : images.values()) {
            Optional<ImageRef> parent = image.parent();
            if (parent.isPresent() && !images.containsKey(parent.get())) {
                return Problem.of(image, "stands on " + parent.get() + ", which the layout does not record");
            }
            List<ImageRef> lineage = lineage(image.ref());
            TreeImage root = images.get(lineage.get(lineage.size() - 1));
            if (root.parent().isPresent()) {
                return Problem.of(image, "is part of a cycle of parents");
            }
            if (root.ref().isSnapshot()) {
                return Problem.of(image, "does not stand on a version");
            }
            String slug = image.ref().kind().key() + ":" + ImageName.slug(image.name());
            ImageRef earlier = slugs.putIfAbsent(slug.toLowerCase(Locale.ROOT), image.ref());
            if (earlier != null) {
                return Problem.of(image, "and [" + earlier.section() + "] would share a file name");
            }
        }
        return Optional.empty();
    }
}
