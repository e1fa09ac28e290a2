package org.vhdboot.ops;

import java.util.List;

/**
 * The valid layout files the fuzzing mutates ({@link LayoutFileMutants}), as vhdboot writes them for the
 * {@link HostileArena}'s layout (named {@code Gold}, format VHD, standing on its base): a journal of every kind, the
 * pending mark, and {@code vhdboot.ini} as {@code init} and {@code schedule} wrote it and with every version 2 section
 * filled in. Each names only what the arena's layout records (or, in the inis, records itself; a confirm or rollback
 * journal, what {@link #switchPending} records), so a mutant starts from an input that gets past the checks, and
 * {@code LayoutFuzzSeedsTest} holds them to that.
 */
final class LayoutFuzzSeeds {
    static final String LINK_ID = "6d02b1c4-0f0e-4a53-9d61-2b7f0c1e9a11";
    static final String SHA256 = "e0b4c1d2a3f495870123456789abcdef0123456789abcdef0123456789abcdef";

    /** The keys of the journals whose values are file names. */
    static final List<String> JOURNAL_FILE_KEYS = List.of("target_file", "replacement", "kept_old", "frozen", "staged",
            "image", "slot_file", "recovery_file", "delete_1", "delete_slot");
    /**
     * The keys of the ini whose values are file names, or paths vhdboot reads; {@code name} begins every snapshot's
     * and version's file name (it once let {@code snapshot create} write outside the folder).
     */
    static final List<String> INI_FILE_KEYS = List.of("file", "parent", "bcd_backup", "pull_ca_cert", "pull_auth_file",
            "name");

    private LayoutFuzzSeeds() {
    }

    /** A reset's journal for either child, with and without a kept name, and as 0.1 wrote it; then the other kinds. */
    static List<String> journals() {
        return List.of(
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
                // Restore points.
                "operation=snapshot-create\nsnapshot=x\nnote=\nparent=version:base\ntarget_file=Gold-Current.vhd\n"
                        + "replacement=Gold-Current.vhdboot-tmp.vhd\nfrozen=Gold-s-x.vhd\n"
                        + "started=2026-12-01T10:00:00Z\n",
                "operation=snapshot-delete\nsnapshot=x\nparent=version:base\nchildren=current\n"
                        + "modified=2026-12-01T10:00:00Z\nstarted=2026-12-01T10:00:00Z\n",
                // Image versions: a pulled version being recorded, then each image command.
                "# vhdboot is recording a pulled version; the next changing command finishes or undoes it\n"
                        + "operation=version-import\nversion=v2\nparent=base\nlink_id=" + LINK_ID + "\nsource_sha256="
                        + SHA256 + "\nnote=monthly updates\ncreated=2026-12-01T10:00:00Z\n"
                        + "staged=Gold-v-v2.vhdboot-tmp.vhd\nimage=Gold-v-v2.vhd\nstarted=2026-12-02T02:10:00Z\n",
                "operation=version-import\nby=add\nversion=v2\nparent=base\nlink_id=" + LINK_ID + "\nnote=\n"
                        + "created=2026-12-01T10:00:00Z\nstaged=Gold-v-v2.vhdboot-tmp.vhd\nimage=Gold-v-v2.vhd\n"
                        + "started=2026-12-01T10:00:00Z\n",
                "# vhdboot image commit in progress; the next changing command finishes or undoes it\n"
                        + "operation=image-commit\nversion=v2\nparent=base\nmode=freeze\nnote=monthly updates\n"
                        + "target_file=Gold-Current.vhd\nreplacement=Gold-Current.vhdboot-tmp.vhd\n"
                        + "frozen=Gold-v-v2.vhd\nstaged=Gold-v-v2.vhdboot-tmp.vhd\nstarted=2026-12-01T10:00:00Z\n",
                "operation=image-commit\nversion=v2\nparent=base\nmode=export\ntarget_file=Gold-Current.vhd\n"
                        + "replacement=Gold-Current.vhdboot-tmp.vhd\nfrozen=Gold-v-v2.vhd\n"
                        + "staged=Gold-v-v2.vhdboot-tmp.vhd\nstarted=2026-12-01T10:00:00Z\n",
                "# vhdboot image add in progress; the next changing command finishes or undoes it\n"
                        + "operation=image-add\nversion=v2\nparent=base\nnote=monthly updates\nfrozen=Gold-v-v2.vhd\n"
                        + "staged=Gold-v-v2.vhdboot-tmp.vhd\nstarted=2026-12-01T10:00:00Z\n",
                "operation=image-switch\nversion=base\nfrom=a\nto=b\nslot_file=Gold-Current-B.vhd\n"
                        + "replacement=Gold-Current-B.vhdboot-tmp.vhd\nstarted=2026-12-01T10:00:00Z\n",
                "# vhdboot image confirm in progress; the next changing command finishes or undoes it\n"
                        + "operation=image-confirm\nversion=v2\nfrom=a\nto=b\nrecovery_file=Gold-Recovery.vhd\n"
                        + "replacement=Gold-Recovery.vhdboot-tmp.vhd\nstarted=2026-12-01T10:00:00Z\n",
                "operation=image-rollback\nversion=v2\nfrom=a\nto=b\nrecovery_file=Gold-Recovery.vhd\n"
                        + "replacement=Gold-Recovery.vhdboot-tmp.vhd\nstarted=2026-12-01T10:00:00Z\n",
                "operation=image-prune\nversion=v2\ndelete_1=Gold-v-v2.vhd\nstarted=2026-12-01T10:00:00Z\n",
                "operation=image-prune\nversion=v2,v3\nfrom=b\ndelete_1=Gold-v-v2.vhd\ndelete_2=Gold-v-v3.vhd\n"
                        + "delete_slot=Gold-Current-B.vhd\nstarted=2026-12-01T10:00:00Z\n");
    }

    /** The pending mark as the agent writes it, and as 0.1 wrote it. */
    static List<String> pendingMarks() {
        return List.of(HostileArena.PENDING,
                "#vhdboot: Recovery resets current at its next start, then removes this file\n"
                        + "requested=2026-11-27T02\\:00\\:07Z\ndue=2026-11-27T02\\:00\\:00Z\ntarget=current\n");
    }

    /**
     * The arena's ini, with Windows line ends too, and with every version 2 section: a pulled version and a snapshot on
     * it, slot b on that version while a switch to it is pending, an update policy and the last scheduled pull; then
     * the same after the switch was confirmed (slot b active, Recovery on the version).
     */
    static List<String> inis(HostileArena arena) {
        return List.of(arena.ini(), arena.ini().replace("\n", "\r\n"), switchPending(arena), switchConfirmed(arena));
    }

    /** Every version 2 section, as a pending switch to version v2 in slot b leaves them. */
    static String switchPending(HostileArena arena) {
        return withVersionTwo(arena) + "\n[active]\nslot = a\n\n[switch]\nversion = v2\nfrom = a\nto = b\n"
                + "state = pending\nstarted = 2026-11-27T02:03:00Z\nconfirm_by = 2026-11-27T02:33:00Z\n";
    }

    /** The same once the switch was confirmed: slot b active, Recovery on the version. */
    static String switchConfirmed(HostileArena arena) {
        return withVersionTwo(arena).replace("version = base\n\n[version.base]", "version = v2\n\n[version.base]")
                + "\n[active]\nslot = b\n\n[switch]\nversion = v2\nfrom = a\nto = b\nstate = confirmed\n"
                + "started = 2026-11-27T02:03:00Z\nbooted = 2026-11-27T02:05:00Z\nended = 2026-11-27T02:16:00Z\n";
    }

    private static String withVersionTwo(HostileArena arena) {
        String ini = arena.ini().stripTrailing() + "\n";
        return ini.replace("[active]\nslot = a\n", "")
                + "pull = oci-layout:${ABOVE}:stable\npull_insecure = loopback\n"
                + "\n[version.v2]\nfile = Gold-v-v2.vhd\nparent = base\ncreated = 2026-12-01T10:00:00Z\nlink_id = "
                + LINK_ID + "\nsha256 = " + SHA256 + "\nsource_sha256 = " + SHA256 + "\nnote = monthly updates\n"
                + "\n[snapshot.x]\nfile = Gold-s-x.vhd\nparent = version:v2\ncreated = 2026-12-02T10:02:11Z\n"
                + "link_id = 7b0e5d3a-1c2f-4e6d-8a9b-0c1d2e3f4a5b\nnote = clean, before Office\n"
                + "\n[current.b]\nfile = Gold-Current-B.vhd\nentry = {0b8f6c1e-2d3a-3b4c-9d5e-6f7a8b9c0d1e}\n"
                + "description = Gold (v2, trying)\nbase = version:v2\nversion = v2\n"
                + "\n[last_pull]\nreference = oci-layout:${ABOVE}:stable\nstarted = 2026-11-27T02:01:00Z\n"
                + "finished = 2026-11-27T02:03:00Z\nresult = ok\ndigest = sha256:" + SHA256 + "\nversion = v2\n"
                + "message = pulled v2; switching to v2: slot b starts once on trial\n";
    }
}
