package org.vhdboot.ops;

import org.vhdboot.disk.Chain;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;
import org.vhdboot.oci.LayerCompression;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The second half of {@code vhdboot demo}: a golden-image update as a thin layer, published to an OCI image-layout
 * folder, pulled by a second machine and switched to. The demo cannot restart a machine, so the starts are said, not
 * made: the agent is told where the system started ({@link SwitchWatch#startedIn}), as its boot tick would find it.
 * One switch never confirms and falls back by itself; the next one starts well and the agent confirms it.
 */
final class DemoVersions {
    private static final byte[] UPDATE = "monthly update: this sector changed in version 2026-12\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final OperationContext context;
    private final List<String> story;

    DemoVersions(OperationContext context, List<String> story) {
        this.context = context;
        this.story = story;
    }

    /** @return whether every claim held */
    boolean run(Layout master, Path labFolder, String bootFolder) throws IOException, OperationException {
        Path current = master.childPath(Role.CURRENT);
        try (Chain disk = context.disks().open(current, true)) {
            disk.write(8L << 20, ByteBuffer.wrap(UPDATE));
            disk.write(20L << 20, ByteBuffer.wrap(new byte[1 << 20]).put(0, UPDATE));
        }
        String updated = DemoOperation.virtualHash(context, current);
        ImageCommitOperation.Result commit = new ImageCommitOperation(context).run(master,
                new ImageCommitOperation.Options("2026-12", Optional.of("monthly update"), false, TransferProgress.NONE));
        story.add("10. update on the master: wrote updates into " + current.getFileName() + ", then `image commit"
                + " 2026-12`: " + commit.file() + " is a read-only layer storing " + commit.storedBytes() / 1024
                + " KiB of the 64 MiB disk, and a fresh Current stands on it");

        Lab pulled = pullOnALab(master, labFolder, bootFolder);
        InitOperation.Result init = pulled.init();
        Layout lab = LayoutFile.load(init.ini());
        ImageSwitchOperation.Result first = new ImageSwitchOperation(context).run(LayoutFile.load(init.ini()),
                new ImageSwitchOperation.Options("2026-12", Optional.empty(), false, true, false));
        story.add("12. `image switch 2026-12`: slot b (" + first.slotFile() + ") prepared with the entry \""
                + SlotEntries.trying(lab, "2026-12") + "\" and a one-time boot into it; the default stays slot a ("
                + first.commands().size() + " bcdedit commands written to " + BootStores.SCRIPT_FILE + ")");
        Path slotA = lab.slotPath(Slot.A);
        String slotABefore = FileDigest.sha256(slotA);
        SwitchWatch watch = new SwitchWatch(context);
        SwitchWatch.Seen fellBack = watch.startedIn(init.ini(), Optional.of(Slot.A), true);
        StatusOperation.Report status = new StatusOperation(context).run(LayoutFile.load(init.ini()));
        boolean reported = status.warnings().stream().anyMatch(w -> w.startsWith("switch to 2026-12 not confirmed"));
        boolean untouched = FileDigest.sha256(slotA).equals(slotABefore);
        story.add("13. (simulated) slot b starts once and the power is pulled before it confirms; the one-time boot is"
                + " consumed, so the next start is slot a, where the agent's boot tick says: \"" + fellBack.detail()
                + "\"; status " + (reported ? "shows it" : "DOES NOT show it") + "; slot a is "
                + (untouched ? "untouched" : "CHANGED"));

        new ImageSwitchOperation(context).run(LayoutFile.load(init.ini()), new ImageSwitchOperation.Options("2026-12",
                Optional.empty(), false, true, false));
        watch.startedIn(init.ini(), Optional.of(Slot.B), true);
        OperationContext later = new OperationContext(context.outside().with(Clock.class, Clock.offset(context.clock(),
                SwitchWatch.HEALTHY_AFTER.plusMinutes(1))), context.disks(), context.bootStores(), context.reporter());
        SwitchWatch.Seen confirmed = new SwitchWatch(later).startedIn(init.ini(), Optional.of(Slot.B), false);
        Layout after = LayoutFile.load(init.ini());
        boolean switched = after.activeSlot() == Slot.B && after.recoveryVersion().name().equals("2026-12");
        boolean same = DemoOperation.virtualHash(context, after.slotPath(Slot.B)).equals(updated);
        story.add("14. (simulated) switched again; slot b starts and stays up " + SwitchWatch.HEALTHY_AFTER.toMinutes()
                + " minutes, so the agent says \"" + confirmed.detail() + "\": slot b is " + (switched
                ? "the default and Recovery stands on 2026-12" : "NOT the default") + "; it reads " + (same
                ? "exactly as the master's updated Current did" : "DIFFERENTLY from the master's update"));
        return pulled.onlyTheLayer() && reported && untouched && switched && same
                && fellBack.outcome() == SwitchWatch.Outcome.NOT_CONFIRMED;
    }

    /** A lab layout made on the same golden parent, and whether its pull moved only the new layer. */
    private record Lab(InitOperation.Result init, boolean onlyTheLayer) {
    }

    /** Step 11: the master pushes 2026-12 to an OCI image-layout folder; a new lab layout pulls it. */
    private Lab pullOnALab(Layout master, Path labFolder, String bootFolder) throws IOException, OperationException {
        // An OCI image-layout folder, as a file share would hold it; a registry takes the same commands.
        String reference = "oci-layout:" + labFolder.resolveSibling("share").resolve("win11") + ":2026-12";
        ImagePushOperation.Result push = new ImagePushOperation(context).run(LayoutFile.load(master.iniPath()),
                new ImagePushOperation.Options("2026-12", reference, RegistryAccess.defaults(), LayerCompression.ZSTD,
                        Optional.empty(), TransferProgress.NONE));
        Files.createDirectories(labFolder);
        Path labParent = labFolder.resolve(master.parentFile());
        Files.copy(master.parentPath(), labParent, StandardCopyOption.COPY_ATTRIBUTES);
        InitOperation.Result init = new InitOperation(context).run(new InitOperation.Options(labParent,
                Optional.of(master.name()), Optional.of("uefi"), Optional.of(5), Optional.empty(), Optional.of("script"),
                Optional.of(bootFolder), false));
        ImagePullOperation.Result pull = new ImagePullOperation(context).run(LayoutFile.load(init.ini()),
                new ImagePullOperation.Options(reference, RegistryAccess.defaults(), TransferProgress.NONE));
        boolean onlyTheLayer = pull.pulled().equals(List.of("2026-12"))
                && pull.bytesTransferred() == push.layers().get(push.layers().size() - 1).blobSize();
        story.add("11. `image push 2026-12 " + reference + "` published base and 2026-12 as an OCI artifact ("
                + push.bytesUploaded() / 1024 + " KiB of zstd blobs); a lab machine with the same golden parent ran"
                + " `image pull`: its base matched by identity, " + (onlyTheLayer ? "only 2026-12's layer moved: "
                : "MORE THAN THE LAYER MOVED: ") + pull.bytesTransferred() / 1024 + " KiB (its "
                + pull.layers().get(pull.layers().size() - 1).uncompressedSize() / 1024 + " KiB file, compressed), against "
                + Files.size(labParent) / 1024 + " KiB for a whole new parent");

        return new Lab(init, onlyTheLayer);
    }
}
