package org.vhdboot.windows;

import org.vhdboot.windows.win32.Kernel32CodePages;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The charset bcdedit's redirected output is written in: the console output code page, or the OEM code page
 * when vhdboot runs without a console. Not the ANSI code page Java calls native (1252 vs 437 on en-US).
 */
public final class ConsoleCodePage {
    private ConsoleCodePage() {
    }

    /** The charset of this machine's console programs; the platform default outside Windows. */
    public static Charset current() {
        if (!Platforms.runningOnWindows()) {
            return Charset.defaultCharset();
        }
        try {
            int page = Kernel32CodePages.instance().GetConsoleOutputCP();
            if (page == 0) {
                page = Kernel32CodePages.instance().GetOEMCP();
            }
            return forCodePage(page);
        } catch (LinkageError e) {
            return Charset.defaultCharset();
        }
    }

    /** Java's charset for a Windows code page number, e.g. 437, 850, 936 (GBK), 932, 65001. */
    public static Charset forCodePage(int page) {
        if (page == 65001) {
            return StandardCharsets.UTF_8;
        }
        if (page == 936) {
            return Charset.forName("GBK");
        }
        if (page == 932) {
            return Charset.forName("windows-31j");
        }
        if (page == 949 || page == 950) {
            // Java's "cp949" and "cp950" are IBM variants; Windows' own are these.
            return Charset.forName("x-windows-" + page);
        }
        for (String name : List.of("cp" + page, "IBM" + page, "windows-" + page, "x-windows-" + page, "x-IBM" + page)) {
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException ignored) {
                // Try the next spelling Java might know it by.
            }
        }
        return Charset.defaultCharset();
    }
}
