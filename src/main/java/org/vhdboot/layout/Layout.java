package org.vhdboot.layout;

import org.vhdboot.boot.BootStoreKind;
import org.vhdboot.disk.DiskFormat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A rollback layout as recorded in {@code vhdboot.ini} on the host volume, beside the parent: the parent,
 * the two children with their boot entries, the boot settings, and the last reset. File names are relative
 * to the folder, so the layout survives drive-letter changes between the host OS, Current and Recovery.
 */
public final class Layout {
    public static final String INI_NAME = "vhdboot.ini";
    /** bcdedit's own limit for the boot menu timeout. */
    public static final int MAX_TIMEOUT_SECONDS = 999;
    /** Differencing links from Current to its root that a snapshot may make, unless {@code max_depth} says otherwise. */
    public static final int DEFAULT_MAX_DEPTH = 16;

    /** One child and its boot entry. */
    public record Child(String file, UUID entryId, String description) {
    }

    /**
     * What the parent looked like when the layout was made, to notice later modification.
     *
     * @param modified for VHD parents, the file's modification time: a write does not change a VHD's id, so
     *                 this is how a modified VHD parent shows; null for VHDX, whose DataWriteGuid changes
     */
    public record ParentIdentity(String linkId, long virtualSize, Instant modified) {
    }

    /** The outcome of the most recent reset. */
    public record LastReset(Role target, Instant started, Instant finished, boolean succeeded, String message,
                            long durationMillis) {
    }

    private final Path folder;
    private String name;
    private DiskFormat format;
    private String parentFile;
    private ParentIdentity parentIdentity;
    private Instant created;
    private String template = "auto";
    private int timeout = 5;
    private BootStoreKind bootStore = BootStoreKind.BCDEDIT;
    private String storeFile;
    private String bcdedit;
    private String bootFolder;
    private String backupFile;
    private FreeSpacePolicy freeSpace = FreeSpacePolicy.WARN;
    private final Map<Role, Child> children = new EnumMap<>(Role.class);
    /** Current's two places; {@link #child}({@code CURRENT}) is the active one's. */
    private final Map<Slot, Child> slots = new EnumMap<>(Slot.class);
    private final Map<Slot, ImageRef> slotBases = new EnumMap<>(Slot.class);
    private Slot activeSlot = Slot.A;
    private ImageRef recoveryVersion = ImageRef.BASE_VERSION;
    private SwitchRecord lastSwitch;
    private LastReset lastReset;
    private Schedule schedule;
    private Instant handledDue;
    private PullPolicy pullPolicy;
    private LastPull lastPull;
    private final ImageTree tree = new ImageTree();
    private int maxDepth = DEFAULT_MAX_DEPTH;

    public Layout(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    public Path iniPath() {
        return folder.resolve(INI_NAME);
    }

    public Path parentPath() {
        return folder.resolve(parentFile);
    }

    public Path childPath(Role role) {
        return folder.resolve(child(role).file());
    }

    /** Current is the active slot's child. */
    public Child child(Role role) {
        Child child = role == Role.CURRENT ? slots.get(activeSlot) : children.get(role);
        if (child == null) {
            throw new IllegalStateException("the layout has no " + role.key() + " child");
        }
        return child;
    }

    public Optional<Child> findChild(Role role) {
        return Optional.ofNullable(role == Role.CURRENT ? slots.get(activeSlot) : children.get(role));
    }

    public void setChild(Role role, Child child) {
        if (role == Role.CURRENT) {
            slots.put(activeSlot, child);
        } else {
            children.put(role, child);
        }
    }

    /** The slot {@code reset}, snapshots and the nightly cycle act on: the default boot entry's. */
    public Slot activeSlot() {
        return activeSlot;
    }

    public void setActiveSlot(Slot slot) {
        this.activeSlot = slot;
    }

    /** A slot's child and boot entry; empty for slot b before the first switch, or a slot pruned since. */
    public Optional<Child> slot(Slot slot) {
        return Optional.ofNullable(slots.get(slot));
    }

    public void setSlot(Slot slot, Child child) {
        slots.put(slot, child);
    }

    public void removeSlot(Slot slot) {
        slots.remove(slot);
        slotBases.remove(slot);
    }

    public Path slotPath(Slot slot) {
        return folder.resolve(slot(slot).map(Child::file).orElseGet(() -> slot.fileFor(this)));
    }

    /** What {@code reset} returns {@code slot} to: a snapshot, or the version it stands on. */
    public ImageRef slotBase(Slot slot) {
        return slotBases.getOrDefault(slot, ImageRef.BASE_VERSION);
    }

    public void setSlotBase(Slot slot, ImageRef base) {
        slotBases.put(slot, base);
    }

    /** The version under {@code slot}'s chain. */
    public ImageRef slotVersion(Slot slot) {
        return tree().versionUnder(slotBase(slot)).orElse(ImageRef.BASE_VERSION);
    }

    /** The version Recovery stands on: the base until a switch is confirmed. */
    public ImageRef recoveryVersion() {
        return recoveryVersion;
    }

    public void setRecoveryVersion(ImageRef version) {
        this.recoveryVersion = version;
    }

    /** The last A/B switch, while the ini keeps it ({@code [switch]}). */
    public Optional<SwitchRecord> lastSwitch() {
        return Optional.ofNullable(lastSwitch);
    }

    public void setLastSwitch(SwitchRecord record) {
        this.lastSwitch = record;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public DiskFormat format() {
        return format;
    }

    public void setFormat(DiskFormat format) {
        this.format = format;
    }

    public String parentFile() {
        return parentFile;
    }

    public void setParentFile(String parentFile) {
        this.parentFile = parentFile;
    }

    public Optional<ParentIdentity> parentIdentity() {
        return Optional.ofNullable(parentIdentity);
    }

    public void setParentIdentity(ParentIdentity identity) {
        this.parentIdentity = identity;
    }

    public Instant created() {
        return created;
    }

    public void setCreated(Instant created) {
        this.created = created;
    }

    public String template() {
        return template;
    }

    public void setTemplate(String template) {
        this.template = template;
    }

    public int timeout() {
        return timeout;
    }

    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public BootStoreKind bootStore() {
        return bootStore;
    }

    public void setBootStore(BootStoreKind bootStore) {
        this.bootStore = bootStore;
    }

    public Optional<String> storeFile() {
        return Optional.ofNullable(storeFile);
    }

    public void setStoreFile(String storeFile) {
        this.storeFile = storeFile;
    }

    public Optional<String> bcdedit() {
        return Optional.ofNullable(bcdedit);
    }

    public void setBcdedit(String bcdedit) {
        this.bcdedit = bcdedit;
    }

    /** The layout folder as Windows sees it at boot, e.g. {@code C:\VHD}; used in {@code vhd=[C:]\VHD\...}. */
    public Optional<String> bootFolder() {
        return Optional.ofNullable(bootFolder);
    }

    public void setBootFolder(String bootFolder) {
        this.bootFolder = bootFolder;
    }

    public Optional<String> backupFile() {
        return Optional.ofNullable(backupFile);
    }

    public void setBackupFile(String backupFile) {
        this.backupFile = backupFile;
    }

    public FreeSpacePolicy freeSpace() {
        return freeSpace;
    }

    public void setFreeSpace(FreeSpacePolicy freeSpace) {
        this.freeSpace = freeSpace;
    }

    public Optional<LastReset> lastReset() {
        return Optional.ofNullable(lastReset);
    }

    public void setLastReset(LastReset lastReset) {
        this.lastReset = lastReset;
    }

    public Optional<Schedule> schedule() {
        return Optional.ofNullable(schedule);
    }

    public void setSchedule(Schedule schedule) {
        this.schedule = schedule;
    }

    /** The last due moment the agent acted on (reset started, or skipped), so it acts once per due moment. */
    public Optional<Instant> handledDue() {
        return Optional.ofNullable(handledDue);
    }

    public void setHandledDue(Instant handledDue) {
        this.handledDue = handledDue;
    }

    /** The update policy: what the agent pulls after each nightly reset ({@code schedule --pull}). */
    public Optional<PullPolicy> pullPolicy() {
        return Optional.ofNullable(pullPolicy);
    }

    public void setPullPolicy(PullPolicy pullPolicy) {
        this.pullPolicy = pullPolicy;
    }

    /** The outcome of the agent's last scheduled pull. */
    public Optional<LastPull> lastPull() {
        return Optional.ofNullable(lastPull);
    }

    public void setLastPull(LastPull lastPull) {
        this.lastPull = lastPull;
    }

    /**
     * The frozen images: the base version (the parent, always, from {@code parent}) and what the ini records
     * besides.
     */
    public ImageTree tree() {
        if (parentFile != null) {
            Optional<TreeImage> recorded = tree.find(ImageRef.BASE_VERSION);
            String linkId = parentIdentity != null ? parentIdentity.linkId()
                    : recorded.map(TreeImage::linkId).orElse(null);
            tree.put(new TreeImage(ImageRef.BASE_VERSION, parentFile, Optional.empty(),
                    recorded.map(TreeImage::created).orElse(created), linkId,
                    recorded.map(TreeImage::note).orElse(null), recorded.map(TreeImage::sha256).orElse(null),
                    recorded.map(TreeImage::sourceSha256).orElse(null),
                    recorded.map(TreeImage::published).orElse(null)));
        }
        return tree;
    }

    public Path pathOf(ImageRef ref) {
        return folder.resolve(tree().get(ref).file());
    }

    /**
     * What {@code reset} returns Current to: the snapshot it was created on or last reverted to, or the version it
     * stands on.
     */
    public ImageRef currentBase() {
        return slotBase(activeSlot);
    }

    public void setCurrentBase(ImageRef base) {
        setSlotBase(activeSlot, base);
    }

    /** The frozen image a child's own parent link names. */
    public ImageRef standsOn(Role role) {
        return role == Role.CURRENT ? currentBase() : recoveryVersion;
    }

    /** The version under Current's chain, where {@code reset --to-parent} takes it. */
    public ImageRef currentVersion() {
        return slotVersion(activeSlot);
    }

    /** Links in Current's chain, from Current to its root version. */
    public int currentDepth() {
        return tree().depth(currentBase()) + 1;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public void setMaxDepth(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** {@code NAME-s-SLUG.EXT}: a snapshot's file, derived from the layout and the snapshot's name, never read. */
    public String snapshotFile(String snapshot) {
        return name + "-s-" + ImageName.slug(snapshot) + "." + format.extension();
    }

    /** {@code NAME-v-SLUG.EXT}: a version's file (the base version's is the parent), derived, never read. */
    public String versionFile(String version) {
        return name + "-v-" + ImageName.slug(version) + "." + format.extension();
    }
}
