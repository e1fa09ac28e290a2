package org.vhdboot.disk;

import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The installed image formats, in the order of {@code META-INF/services/org.vhdboot.disk.FormatDriver}: the order
 * in which their signatures are tried. Registering a format there is the one line a new format adds outside its
 * own package; the engine itself names no format package.
 */
public final class FormatDrivers {
    private final List<FormatDriver> drivers;

    FormatDrivers(List<FormatDriver> drivers) {
        this.drivers = List.copyOf(drivers);
    }

    /** Loaded once, from the class path this class came from. */
    private static final class Installed {
        static final FormatDrivers INSTANCE = new FormatDrivers(ServiceLoader.load(FormatDriver.class,
                FormatDriver.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList());
    }

    public static FormatDrivers installed() {
        return Installed.INSTANCE;
    }

    public List<FormatDriver> all() {
        return drivers;
    }

    /** The driver of {@code format}, which must be installed. */
    public FormatDriver of(DiskFormat format) {
        for (FormatDriver driver : drivers) {
            if (driver.format() == format) {
                return driver;
            }
        }
        throw new IllegalStateException("no driver is installed for the " + format + " format");
    }

    /** The driver whose format {@code path}'s extension chooses. */
    public FormatDriver forPath(Path path) throws UnsupportedFormatException {
        return byExtension(path).orElseThrow(() -> new UnsupportedFormatException("cannot tell the image format of "
                + path.getFileName() + ": use the extension " + extensionChoices()));
    }

    /** Like {@link #forPath}, empty when no format goes by that extension. */
    public Optional<FormatDriver> byExtension(Path path) {
        return drivers.stream().filter(d -> d.format().names(path)).findFirst();
    }

    /** The driver of the format called {@code name}, in any case. */
    public FormatDriver named(String name) {
        return drivers.stream().filter(d -> d.format().name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no image format is called \"" + name + "\"; use "
                        + drivers.stream().map(d -> d.format().extension()).collect(Collectors.joining(", "))));
    }

    /** The first format whose signature {@code file} shows, if any. */
    public Optional<FormatDriver> recognise(Storage file) throws IOException {
        for (FormatDriver driver : drivers) {
            if (driver.hasSignature() && driver.recognises(file)) {
                return Optional.of(driver);
            }
        }
        return Optional.empty();
    }

    /** The formats a signature tells apart, for messages: {@code VHD or VHDX}. */
    public String signatureFormats() {
        return drivers.stream().filter(FormatDriver::hasSignature).map(d -> d.format().name()).sorted()
                .collect(Collectors.joining(" or "));
    }

    /** {@code .vhdx, .vhd/.avhd, or .raw/.img/.bin} */
    private String extensionChoices() {
        List<String> choices = drivers.stream().map(d -> d.format().extensions().stream().map(e -> "." + e)
                .collect(Collectors.joining("/"))).toList();
        if (choices.size() == 1) {
            return choices.get(0);
        }
        return String.join(", ", choices.subList(0, choices.size() - 1)) + ", or " + choices.get(choices.size() - 1);
    }
}
