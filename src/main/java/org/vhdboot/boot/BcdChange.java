package org.vhdboot.boot;

import java.nio.file.Path;
import java.util.UUID;

/** One change to a boot store; each maps to exactly one bcdedit command line. */
public sealed interface BcdChange {

    /** {@code bcdedit /create {id} /d "description" /application osloader} */
    record CreateLoader(UUID id, String description) implements BcdChange {
    }

    /** {@code bcdedit /set {id} element value} */
    record SetElement(UUID id, String element, String value) implements BcdChange {
    }

    /** {@code bcdedit /delete {id} /cleanup} */
    record DeleteEntry(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /default {id}} */
    record SetDefault(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /displayorder {id} /addlast} */
    record DisplayOrderAddLast(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /displayorder {id} /addfirst} */
    record DisplayOrderAddFirst(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /timeout seconds} */
    record SetTimeout(int seconds) implements BcdChange {
    }

    /** {@code bcdedit /bootsequence {id}}: boot this entry once, at the next start only. */
    record BootSequence(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /bootsequence {id} /remove}: cancel a one-time boot that is no longer wanted. */
    record BootSequenceRemove(UUID id) implements BcdChange {
    }

    /** {@code bcdedit /export file} */
    record Export(Path file) implements BcdChange {
    }
}
