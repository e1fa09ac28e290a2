package org.vhdboot.ops;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutTreeSections;
import org.vhdboot.layout.TreeImage;
import org.vhdboot.oci.Credentials;
import org.vhdboot.oci.RetryPolicy;
import org.vhdboot.oci.TransportOptions;
import org.vhdboot.oci.testing.Registries;
import org.vhdboot.oci.testing.TestRegistry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Two layouts of one golden image, as a fleet has them: {@code master}, where versions are made (recorded here as
 * {@code image commit} records them: a read-only differencing layer, its link id and SHA-256), and {@code lab}, a
 * machine that pulls them. Both are real layouts made by {@code init} on byte-identical parents. Retries in the
 * world never sleep; the waits are recorded.
 */
final class FleetFixture {
    static final long SIZE = 32L << 20;

    final Path master;
    final Path lab;
    final String extension;
    final TestWorld world;
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final DiskImages images = new DiskImages();

    private final Optional<String> bootFolder;

    private FleetFixture(Path root, String extension, TestWorld world, Optional<String> bootFolder,
                         boolean labMakesEntries) throws Exception {
        this.extension = extension;
        this.world = world;
        this.bootFolder = bootFolder;
        this.master = Files.createDirectories(root.resolve("master"));
        this.lab = Files.createDirectories(root.resolve("lab"));
        Path parent = master.resolve("Gold." + extension);
        images.create(parent, ImageSpec.dynamic(SIZE).withBlockSize(extension.equals("vhd") ? 2 << 20 : 1 << 20));
        writeRandom(parent, 1, 256 << 10);
        Files.copy(parent, lab.resolve(parent.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        InitOptions master = InitOptions.parent(parent).bootStore("none");
        InitOptions machine = InitOptions.parent(lab.resolve(parent.getFileName())).bootStore("none");
        if (labMakesEntries) {
            machine = machine.bootStore("bcdedit").bootFolder(bootFolder.orElse("C:\\VHD"));
        }
        world.init(bootFolder.map(master::bootFolder).orElse(master));
        world.init(bootFolder.map(machine::bootFolder).orElse(machine));
        world.with(TransportOptions.class, TransportOptions.defaults()
                .withRetry(RetryPolicy.defaults().withSleeper(waits::add)));
    }

    static FleetFixture vhdx(Path root, TestWorld world) throws Exception {
        return new FleetFixture(root, "vhdx", world, Optional.empty(), false);
    }

    /**
     * The lab's boot entries are made through bcdedit ({@code boot_store = bcdedit}, bcdedit's behaviour in the JVM),
     * so the agent can restart into Recovery and switch to a pulled version.
     */
    static FleetFixture withLabEntries(Path root, TestWorld world) throws Exception {
        world.withBcdedit(org.vhdboot.boot.testing.FakeBcdedit.in(Files.createDirectories(root.resolve("bcd")), "en",
                "utf-8"));
        return new FleetFixture(root, "vhdx", world, Optional.empty(), true);
    }

    static FleetFixture of(Path root, String extension, TestWorld world) throws Exception {
        return new FleetFixture(root, extension, world, Optional.empty(), false);
    }

    /** Both layouts seen by Windows in {@code folder} at boot, as machines deployed alike are: their locators agree. */
    static FleetFixture bootingFrom(String folder, Path root, TestWorld world) throws Exception {
        return new FleetFixture(root, "vhdx", world, Optional.of(folder), false);
    }

    /** Access to the test registry over TLS with its CA and the htpasswd user. */
    static RegistryAccess access(Registries.Set registries) {
        return new RegistryAccess(registries.certificates().caCertificate(), TransportOptions.PlainHttp.NEVER,
                new Credentials(TestRegistry.USER, TestRegistry.PASSWORD.toCharArray()), null);
    }

    /** Access through a plain-HTTP proxy on loopback, with the htpasswd user. */
    static RegistryAccess plainAccess() {
        return new RegistryAccess(null, TransportOptions.PlainHttp.LOOPBACK_ONLY,
                new Credentials(TestRegistry.USER, TestRegistry.PASSWORD.toCharArray()), null);
    }

    /**
     * Makes version {@code name} on {@code parent} in the master layout, as {@code image commit} would: a layer
     * holding {@code bytes} of random data, read-only, recorded with its link id and SHA-256.
     */
    Path commit(String name, String parent, int bytes, long seed) throws IOException, LayoutException {
        Layout layout = layout(master);
        ImageRef parentRef = new ImageRef(ImageRef.Kind.VERSION, parent);
        Path file = master.resolve(LayoutTreeSections.derivedFile(new ImageRef(ImageRef.Kind.VERSION, name), layout));
        try (org.vhdboot.disk.io.StagedFile staged = org.vhdboot.disk.io.StagedFile.beside(file,
                org.vhdboot.disk.io.StorageFactory.files())) {
            images.writeChild(staged, layout.pathOf(parentRef), org.vhdboot.disk.ChildSpec.forWindowsFolder(bootFolder));
            staged.commit(false);
        }
        writeRandom(file, seed, bytes);
        String linkId;
        try (Layer layer = images.openLayer(file, false, org.vhdboot.disk.Durability.SAFE)) {
            linkId = layer.linkId().orElseThrow().toString();
        }
        ReadOnlyMark.mark(file);
        layout.tree().put(new TreeImage(new ImageRef(ImageRef.Kind.VERSION, name), file.getFileName().toString(),
                Optional.of(parentRef), Instant.parse("2026-12-01T10:00:00Z").plusSeconds(seed), linkId,
                "monthly updates " + name, FileDigests.sha256(file)));
        LayoutFile.save(layout, new FileSteps(org.vhdboot.disk.io.IoStepHook.NONE));
        return file;
    }

    /** {@code bytes} of random data in one run at a place the seed picks, so the layer stores few blocks. */
    private void writeRandom(Path image, long seed, int bytes) throws IOException {
        Random random = new Random(seed);
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        long offset = Math.floorMod(seed * (5L << 20), SIZE - bytes) & ~((64L << 10) - 1);
        try (Chain chain = images.open(image, true)) {
            chain.write(offset, ByteBuffer.wrap(data));
        }
    }

    static Layout layout(Path folder) throws IOException, LayoutException {
        return LayoutFile.load(folder.resolve(Layout.INI_NAME));
    }

    /** What the virtual disk of {@code image}'s chain reads. */
    byte[] reads(Path image) throws IOException {
        try (Chain chain = images.open(image, false)) {
            if (!chain.warnings().isEmpty()) {
                throw new AssertionError(image.getFileName() + " opened with warnings: " + chain.warnings());
            }
            return DiskReads.read(chain, 0, (int) SIZE);
        }
    }

    Path labFile(String version) throws IOException, LayoutException {
        return lab.resolve(LayoutTreeSections.derivedFile(new ImageRef(ImageRef.Kind.VERSION, version), layout(lab)));
    }

    Path masterFile(String version) throws IOException, LayoutException {
        return master.resolve(LayoutTreeSections.derivedFile(new ImageRef(ImageRef.Kind.VERSION, version),
                layout(master)));
    }

    /**
     * The lab's images and its ini: what no failed or refused pull may change (the versions, the base, Current and
     * Recovery, and what vhdboot.ini records).
     */
    FolderSnapshot labRecord() throws IOException {
        return FolderSnapshot.of(lab).only(name -> name.endsWith("." + extension) || name.equals(Layout.INI_NAME));
    }

    /** Every file in the lab folder except the ones a pull keeps to resume, its locks and the log. */
    List<String> labFiles() throws IOException {
        try (Stream<Path> files = Files.list(lab)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    ImagePullOperation.Result pull(String reference, RegistryAccess access) throws Exception {
        return new ImagePullOperation(world.context()).run(layout(lab),
                new ImagePullOperation.Options(reference, access, TransferProgress.NONE));
    }

    ImagePushOperation.Result push(String version, String reference, RegistryAccess access) throws Exception {
        return push(version, reference, access, Optional.empty());
    }

    ImagePushOperation.Result push(String version, String reference, RegistryAccess access,
                                   Optional<String> mountFrom) throws Exception {
        return new ImagePushOperation(world.context()).run(layout(master), new ImagePushOperation.Options(version,
                reference, access, org.vhdboot.oci.LayerCompression.ZSTD, mountFrom, TransferProgress.NONE));
    }
}
