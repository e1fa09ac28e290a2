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
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.PendingReset;

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
        check.close();
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

    /** Every kind of journal this version writes ({@link LayoutFuzzSeeds#journals}). */
    static Arbitrary<LayoutFileMutants.Mutant> journalMutants() {
        return LayoutFileMutants.of(ResetJournal.FILE_NAME, LayoutFuzzSeeds.journals(),
                LayoutFuzzSeeds.JOURNAL_FILE_KEYS);
    }

    static Arbitrary<LayoutFileMutants.Mutant> pendingMutants() {
        return LayoutFileMutants.of(PendingReset.FILE_NAME, LayoutFuzzSeeds.pendingMarks(), List.of());
    }

    static Arbitrary<LayoutFileMutants.Mutant> iniMutants(HostileArena arena) {
        return LayoutFileMutants.of(Layout.INI_NAME, LayoutFuzzSeeds.inis(arena), LayoutFuzzSeeds.INI_FILE_KEYS);
    }

    static Arbitrary<LayoutFileMutants.Mutant> anyMutant(HostileArena arena) {
        return Arbitraries.oneOf(journalMutants(), pendingMutants(), iniMutants(arena));
    }
}
