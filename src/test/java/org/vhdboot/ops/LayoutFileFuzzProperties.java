package org.vhdboot.ops;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;

/**
 * Fuzzing of the layout files and the commands that read them: hostile {@code vhdboot.journal},
 * {@code vhdboot.pending} and {@code vhdboot.ini} files ({@link LayoutFileMutants}) under every command in
 * {@link FuzzCommand}, each case checked by {@link LayoutFuzzCheck}: no Throwable escapes, documented exit
 * codes only, status and dry runs change no file, no file outside the layout folder (a sentinel folder, a
 * file above, a decoy parent) is ever touched.
 *
 * <p>The suite runs a few hundred cases (about ten seconds) with fresh random inputs each time; a failure is
 * reported with its input and saved under {@code target/layout-fuzz-failures/}: add that file to
 * {@code src/test/resources/fuzz/layout/}, where {@link LayoutFileFuzzRegressionTest} replays it in every
 * run. A longer run: {@code mvn -o test -Dtest=LayoutFileFuzzRegressionTest -Dvhdboot.fuzz.minutes=20}.
 */
class LayoutFileFuzzProperties {
    private static HostileArena arena;
    private static LayoutFuzzCheck check;

    @BeforeContainer
    static void makeArena() throws Exception {
        arena = HostileArena.create("vhd");
        check = new LayoutFuzzCheck(arena);
    }

    @AfterContainer
    static void removeArena() throws Exception {
        arena.close();
    }

    @Property(edgeCases = EdgeCasesMode.MIXIN, tries = 120)
    void aHostileJournalChangesNothingItShouldNot(@ForAll("journals") LayoutFileMutants.Mutant journal,
                                                  @ForAll LayoutFuzzCheck.Scene scene, @ForAll("commands") FuzzCommand command)
            throws Exception {
        check.check(journal, scene, command);
    }

    @Property(edgeCases = EdgeCasesMode.MIXIN, tries = 60)
    void aHostilePendingMarkChangesNothingItShouldNot(@ForAll("pendingMarks") LayoutFileMutants.Mutant mark,
                                                      @ForAll("commands") FuzzCommand command) throws Exception {
        check.check(mark, LayoutFuzzCheck.Scene.NOTHING, command);
    }

    @Property(edgeCases = EdgeCasesMode.MIXIN, tries = 120)
    void aHostileIniChangesNothingItShouldNot(@ForAll("inis") LayoutFileMutants.Mutant ini,
                                              @ForAll("commands") FuzzCommand command) throws Exception {
        check.check(ini, LayoutFuzzCheck.Scene.NOTHING, command);
    }

    /** The commands that may change files twice as often: they are where a name could do harm. */
    @Provide
    Arbitrary<FuzzCommand> commands() {
        return Arbitraries.frequency(java.util.Arrays.stream(FuzzCommand.values())
                .map(command -> Tuple.of(command.readOnly ? 1 : 2, command)).toList());
    }

    @Provide
    Arbitrary<LayoutFileMutants.Mutant> journals() {
        return journalMutants();
    }

    @Provide
    Arbitrary<LayoutFileMutants.Mutant> pendingMarks() {
        return pendingMutants();
    }

    @Provide
    Arbitrary<LayoutFileMutants.Mutant> inis() {
        return iniMutants(arena);
    }

    /** Journals as this version writes them for either child, with and without a kept name, and as 0.1 wrote them. */
    static Arbitrary<LayoutFileMutants.Mutant> journalMutants() {
        return LayoutFileMutants.of(ResetJournal.FILE_NAME, List.of(
                "# vhdboot reset in progress; the next reset finishes it\ntarget=current\ntarget_file=Gold-Current.vhd\n"
                        + "replacement=Gold-Current.vhdboot-tmp.vhd\nstarted=2026-11-27T01:00:00Z\n",
                "# vhdboot reset in progress; the next reset finishes it\ntarget=current\ntarget_file=Gold-Current.vhd\n"
                        + "replacement=Gold-Current.vhdboot-tmp.vhd\nkept_old=Gold-Current.20261127-010000.vhd\n"
                        + "started=2026-11-27T01:00:00Z\n",
                "# vhdboot reset in progress; the next reset finishes it\ntarget=recovery\n"
                        + "target_file=Gold-Recovery.vhd\nreplacement=Gold-Recovery.vhdboot-tmp.vhd\n"
                        + "started=2026-11-27T01:00:00Z\n",
                "#vhdboot reset in progress; the next reset or status finishes it\n#Thu Nov 27 01:00:00 UTC 2026\n"
                        + "target_file=Gold-Current.vhd\nstarted=2026-11-27T01\\:00\\:00Z\n"
                        + "replacement=Gold-Current.vhdboot-tmp.vhd\ntarget=current\n",
                // The other kinds one journal file holds: restore points and image versions.
                "operation=snapshot-create\nsnapshot=x\nnote=\nparent=version:base\ntarget_file=Gold-Current.vhd\n"
                        + "replacement=Gold-Current.vhdboot-tmp.vhd\nfrozen=Gold-s-x.vhd\n"
                        + "started=2026-12-01T10:00:00Z\n",
                "operation=snapshot-delete\nsnapshot=x\nparent=version:base\nchildren=current\n"
                        + "modified=2026-12-01T10:00:00Z\nstarted=2026-12-01T10:00:00Z\n",
                "operation=image-switch\nversion=v2\nfrom=a\nto=b\nslot_file=Gold-Current-B.vhd\n"
                        + "started=2026-12-01T10:00:00Z\n",
                "operation=image-prune\nversion=v2\ndelete_1=Gold-v-v2.vhd\nstarted=2026-12-01T10:00:00Z\n",
                "operation=version-import\nby=add\nversion=v2\nparent=base\n"
                        + "link_id=6d02a1be-0c4e-4d5f-9a57-1f0c8f1a2b3c\nnote=\ncreated=2026-12-01T10:00:00Z\n"
                        + "staged=Gold-v-v2.vhdboot-tmp.vhd\nimage=Gold-v-v2.vhd\nstarted=2026-12-01T10:00:00Z\n"),
                List.of("target_file", "replacement", "kept_old", "frozen", "slot_file", "delete_1", "staged",
                        "image"));
    }

    static Arbitrary<LayoutFileMutants.Mutant> pendingMutants() {
        return LayoutFileMutants.of(PendingReset.FILE_NAME, List.of(HostileArena.PENDING,
                "#vhdboot: Recovery resets current at its next start, then removes this file\n"
                        + "requested=2026-11-27T02\\:00\\:07Z\ndue=2026-11-27T02\\:00\\:00Z\ntarget=current\n"),
                List.of());
    }

    static Arbitrary<LayoutFileMutants.Mutant> iniMutants(HostileArena arena) {
        String ini = arena.ini();
        return LayoutFileMutants.of(Layout.INI_NAME, List.of(ini, ini.replace("\n", "\r\n")),
                List.of("file", "parent", "bcd_backup"));
    }

    static Arbitrary<LayoutFileMutants.Mutant> anyMutant(HostileArena arena) {
        return Arbitraries.oneOf(journalMutants(), pendingMutants(), iniMutants(arena));
    }
}
