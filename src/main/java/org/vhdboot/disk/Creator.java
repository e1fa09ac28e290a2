package org.vhdboot.disk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Who wrote an image: vhdboot and its version, as recorded in the files it creates. */
public final class Creator {
    public static final String NAME = "vhdboot";
    private static final String VERSION = loadVersion();

    private Creator() {
    }

    public static String version() {
        return VERSION;
    }

    /** The creator string for formats that store free text, such as the VHDX file identifier. */
    public static String description() {
        return NAME + " " + VERSION;
    }

    public static int major() {
        return part(0);
    }

    public static int minor() {
        return part(1);
    }

    private static int part(int index) {
        String[] parts = VERSION.split("[.-]");
        try {
            return index < parts.length ? Integer.parseInt(parts[index]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String loadVersion() {
        try (InputStream in = Creator.class.getResourceAsStream("/vhdboot-version.properties")) {
            if (in == null) {
                return "0.0.0";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "0.0.0");
            return version.startsWith("${") ? "0.0.0" : version;
        } catch (IOException e) {
            return "0.0.0";
        }
    }
}
