package org.vhdboot.disk.testing;

import org.vhdboot.disk.ImageSpec;

/** The base image of a property test: format, type, block size and logical sector size. */
public enum BaseImage {
    VHD_DYNAMIC_512K("vhd", ImageSpec.dynamic(0).withBlockSize(512 << 10), 512),
    VHD_DYNAMIC_2M("vhd", ImageSpec.dynamic(0).withBlockSize(2 << 20), 512),
    VHD_FIXED("vhd", ImageSpec.fixed(0), 512),
    VHDX_DYNAMIC_1M("vhdx", ImageSpec.dynamic(0).withBlockSize(1 << 20), 512),
    VHDX_DYNAMIC_4M_4K_SECTORS("vhdx", ImageSpec.dynamic(0).withBlockSize(4 << 20), 4096),
    VHDX_DYNAMIC_1M_4K_SECTORS("vhdx", ImageSpec.dynamic(0).withBlockSize(1 << 20), 4096),
    VHDX_FIXED_1M("vhdx", ImageSpec.fixed(0).withBlockSize(1 << 20), 512);

    private final String extension;
    private final ImageSpec template;
    private final int logicalSector;

    BaseImage(String extension, ImageSpec template, int logicalSector) {
        this.extension = extension;
        this.template = template;
        this.logicalSector = logicalSector;
    }

    public String extension() {
        return extension;
    }

    public int logicalSector() {
        return logicalSector;
    }

    public boolean vhdx() {
        return extension.equals("vhdx");
    }

    public ImageSpec spec(long size) {
        return new ImageSpec(template.type(), size, template.blockSize(), logicalSector, 4096);
    }
}
