package org.vhdboot.windows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.windows.virtdisk.DependentDiskFlag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Running in Recovery: the host partition, C: in the host OS, is D: here, and C: is Recovery's own disk.
 * Matching must follow the volume's identity, never its letter.
 */
class BootedDiskMatcherTest {
    private static final String HOST = "\\\\?\\Volume{6a1f0c2e-11d2-4b7e-9d3c-0a1b2c3d4e5f}\\";
    private static final int READ_ONLY = DependentDiskFlag.READ_ONLY.bit();
    private static final int SYSTEM_VOLUME = DependentDiskFlag.SYSTEM_VOLUME.bit();
    private static final int PARENT = DependentDiskFlag.PARENT.bit();
    private static final String INSIDE_VHD = "\\\\?\\Volume{0b9e8d7c-6f5a-4e3d-8c2b-1a0f9e8d7c6b}\\";

    private final FakeVolumeResolver volumes = new FakeVolumeResolver().letter("D:", HOST).letter("C:", INSIDE_VHD);
    private final BootedDiskMatcher matcher = new BootedDiskMatcher(volumes);

    private static Map<String, Path> children(String folder) {
        Map<String, Path> children = new LinkedHashMap<>();
        children.put("current", Path.of(folder + "\\Win 11-Current.vhdx"));
        children.put("recovery", Path.of(folder + "\\Win 11-Recovery.vhdx"));
        return children;
    }

    @Test
    void findsRecoveryFromTheStorageDependencyVolumeName() throws Exception {
        BackingFile booted = BackingFile.onVolume(HOST, "\\vhd\\Win 11-Recovery.vhdx", 1, 0);
        BootedFrom result = matcher.match(Optional.of(booted), children("D:\\vhd"), "storage dependency");
        assertTrue(result.runningFrom("recovery"));
        assertFalse(result.runningFrom("current"));
        assertEquals(Optional.of(HOST.substring(0, HOST.length() - 1) + "\\vhd\\Win 11-Recovery.vhdx"), result.bootedFile());
        assertEquals("storage dependency", result.evidence());
    }

    @Test
    void findsCurrentFromBcdeditWithALocateSuffixAndSpaces() throws Exception {
        Optional<BackingFile> booted = VhdDevice.parse("vhd=[D:]\\vhd\\Win 11-Current.vhdx,locate=custom:22000002");
        BootedFrom result = matcher.match(booted, children("D:\\vhd"), "bcdedit");
        assertTrue(result.runningFrom("current"));
        assertEquals(Optional.of("D:\\vhd\\Win 11-Current.vhdx"), result.bootedFile());
    }

    @Test
    void theSamePathOnAnotherVolumeIsNotTheChild() throws Exception {
        // The layout named with the host OS's letter C:, which here is the VHD's own volume.
        BackingFile booted = BackingFile.onVolume(HOST, "\\vhd\\Win 11-Recovery.vhdx", 1, 0);
        BootedFrom result = matcher.match(Optional.of(booted), children("C:\\vhd"), "storage dependency");
        assertTrue(result.runningFromOtherDisk());
        assertTrue(result.role().isEmpty());
    }

    @Test
    void bcdeditsLetterIsResolvedInTheRunningOs() throws Exception {
        // bcdedit in Recovery says D:, the layout names the host volume by its GUID path: same file.
        Optional<BackingFile> booted = VhdDevice.parse("vhd=[D:]\\vhd\\Win 11-Recovery.vhdx");
        BootedFrom result = matcher.match(booted, children(HOST + "vhd"), "bcdedit");
        assertTrue(result.runningFrom("recovery"));
    }

    @Test
    void aLetterNamingAnotherVolumeDoesNotMatch() throws Exception {
        Optional<BackingFile> booted = VhdDevice.parse("vhd=[C:]\\vhd\\Win 11-Current.vhdx");
        BootedFrom result = matcher.match(booted, children("D:\\vhd"), "bcdedit");
        assertTrue(result.runningFromOtherDisk());
    }

    @Test
    void ignoresCaseAndSeparatorStyle() throws Exception {
        BackingFile booted = BackingFile.onVolume(HOST.toUpperCase(), "/VHD//win 11-CURRENT.VHDX", 1, 0);
        BootedFrom result = matcher.match(Optional.of(booted), children("d:/vhd"), "storage dependency");
        assertTrue(result.runningFrom("current"));
    }

    @Test
    void anUnknownVolumeFallsBackToThePathAndSaysSo() throws Exception {
        Optional<BackingFile> booted = VhdDevice.parse("vhd=[locate]\\vhd\\Win 11-Current.vhdx");
        BootedFrom result = matcher.match(booted, children("D:\\vhd"), "bcdedit");
        assertTrue(result.runningFrom("current"));
        assertTrue(result.evidence().contains("only the path"), result.evidence());
    }

    @Test
    void aLetterNoVolumeHasIsTreatedAsUnknown() throws Exception {
        Optional<BackingFile> booted = VhdDevice.parse("vhd=[Q:]\\vhd\\Win 11-Recovery.vhdx");
        BootedFrom result = matcher.match(booted, children("D:\\vhd"), "bcdedit");
        assertTrue(result.runningFrom("recovery"));
        assertTrue(result.evidence().contains("host volume is unknown"));
    }

    @Test
    void anotherFileOnTheHostVolumeIsOther() throws Exception {
        BackingFile booted = BackingFile.onVolume(HOST, "\\vhd\\Win 10-Current.vhdx", 1, 0);
        BootedFrom result = matcher.match(Optional.of(booted), children("D:\\vhd"), "storage dependency");
        assertTrue(result.nativeVhdBoot());
        assertTrue(result.runningFromOtherDisk());
    }

    @Test
    void noBackingFileMeansNotBootedFromAVirtualDisk() throws Exception {
        BootedFrom result = matcher.match(Optional.empty(), children("D:\\vhd"), "IsNativeVhdBoot");
        assertFalse(result.nativeVhdBoot());
        assertFalse(result.runningFromOtherDisk());
        assertTrue(result.bootedFile().isEmpty());
    }

    /** Both orders of numbering: the running disk is level 0 and the base the highest, or the other way. */
    enum Levels { CHILD_LOWEST, CHILD_HIGHEST }

    /**
     * A chain of {@code depth} files, child first: Win 11-Current.vhdx, then the snapshots under it (Win 11-s-…) and the
     * base. Windows may number it either way and list it in either order; only the child lacks the PARENT flag.
     */
    private static List<BackingFile> chain(int depth, Levels levels, boolean childListedFirst, int childFlags) {
        List<BackingFile> files = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            String name = i == 0 ? "\\vhd\\Win 11-Current.vhdx"
                    : i == depth - 1 ? "\\vhd\\Win 11.vhdx" : "\\vhd\\Win 11-s-snapshot" + i + ".vhdx";
            int level = levels == Levels.CHILD_LOWEST ? i : depth - 1 - i;
            int flags = i == 0 ? childFlags : PARENT | READ_ONLY | childFlags;
            files.add(BackingFile.onVolume(HOST, name, level, flags));
        }
        if (!childListedFirst) {
            Collections.reverse(files);
        }
        return files;
    }

    @ParameterizedTest(name = "depth {0}, {1}, child listed first: {2}")
    @CsvSource({
        "2, CHILD_LOWEST, true", "2, CHILD_LOWEST, false", "2, CHILD_HIGHEST, true", "2, CHILD_HIGHEST, false",
        "3, CHILD_LOWEST, true", "3, CHILD_LOWEST, false", "3, CHILD_HIGHEST, true", "3, CHILD_HIGHEST, false",
        "5, CHILD_LOWEST, true", "5, CHILD_LOWEST, false", "5, CHILD_HIGHEST, true", "5, CHILD_HIGHEST, false"
    })
    void theRunningDiskIsTheEntryNotFlaggedAsAParent(int depth, Levels levels, boolean childListedFirst)
            throws Exception {
        List<BackingFile> entries = chain(depth, levels, childListedFirst, SYSTEM_VOLUME);
        BackingFile running = BootedDiskMatcher.runningDisk(entries).orElseThrow();
        assertEquals("\\vhd\\Win 11-Current.vhdx", running.pathOnVolume());
        assertFalse(running.parent());
        assertTrue(matcher.match(Optional.of(running), children("D:\\vhd"), "storage dependency").runningFrom("current"));
    }

    @ParameterizedTest
    @CsvSource({"2", "3", "5"})
    void withoutFlagsTheLowestLevelStillDecides(int depth) {
        List<BackingFile> entries = chain(depth, Levels.CHILD_LOWEST, false, 0).stream()
                .map(file -> BackingFile.onVolume(HOST, file.pathOnVolume(), file.ancestorLevel(), 0)).toList();
        assertEquals("\\vhd\\Win 11-Current.vhdx", BootedDiskMatcher.runningDisk(entries).orElseThrow().pathOnVolume());
    }

    @Test
    void aChainOfParentsAloneNamesNoRunningDisk() {
        BackingFile parent = BackingFile.onVolume(HOST, "\\vhd\\Win 11.vhdx", 0, PARENT);
        BackingFile grandparent = BackingFile.onVolume(HOST, "\\vhd\\Base.vhdx", 1, PARENT | READ_ONLY);
        assertEquals(Optional.empty(), BootedDiskMatcher.runningDisk(List.of(parent, grandparent)));
        assertEquals(Optional.empty(), BootedDiskMatcher.runningDisk(List.of()));
    }
}
