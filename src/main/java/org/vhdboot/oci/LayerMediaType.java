package org.vhdboot.oci;

/**
 * vhdboot's layer media types: one per image format, plain or zstd-compressed. Versioned ({@code v1}) so a
 * later, incompatible layer format gets a new name that this version refuses cleanly.
 */
public enum LayerMediaType {
    VHDX("application/vnd.vhdboot.layer.v1.vhdx", "vhdx", LayerCompression.NONE),
    VHDX_ZSTD("application/vnd.vhdboot.layer.v1.vhdx+zstd", "vhdx", LayerCompression.ZSTD),
    VHD("application/vnd.vhdboot.layer.v1.vhd", "vhd", LayerCompression.NONE),
    VHD_ZSTD("application/vnd.vhdboot.layer.v1.vhd+zstd", "vhd", LayerCompression.ZSTD);

    static final String PREFIX = "application/vnd.vhdboot.layer.";

    private final String value;
    private final String format;
    private final LayerCompression compression;

    LayerMediaType(String value, String format, LayerCompression compression) {
        this.value = value;
        this.format = format;
        this.compression = compression;
    }

    public String value() {
        return value;
    }

    /** {@code vhdx} or {@code vhd}: the image format of the uncompressed layer file. */
    public String format() {
        return format;
    }

    public LayerCompression compression() {
        return compression;
    }

    public static LayerMediaType of(String format, LayerCompression compression) throws OciException {
        for (LayerMediaType type : values()) {
            if (type.format.equals(format) && type.compression == compression) {
                return type;
            }
        }
        throw new OciException(OciException.Kind.UNSUPPORTED, "no layer media type for format " + Printable.of(format));
    }

    public static LayerMediaType parse(String mediaType) throws OciException {
        for (LayerMediaType type : values()) {
            if (type.value.equals(mediaType)) {
                return type;
            }
        }
        if (mediaType != null && mediaType.startsWith(PREFIX)) {
            throw new OciException(OciException.Kind.UNSUPPORTED, "layer media type " + Printable.of(mediaType)
                    + " is not supported by this vhdboot (a newer layer version or another compression)");
        }
        throw new OciException(OciException.Kind.PROTOCOL, "not a vhdboot layer: media type " + Printable.of(mediaType));
    }

    @Override
    public String toString() {
        return value;
    }
}
