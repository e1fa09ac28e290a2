#!/usr/bin/env python3
"""A stand-in for Windows bcdedit, so vhdboot's boot-store code can be tested on Linux.

It is deliberately independent of the Java code it tests: a small program that keeps a boot store as JSON and
answers in the output shapes documented for real bcdedit (reference notes, section 1.5): localized section
titles over dash lines, a localized identifier label, labels padded to display cell 24 with CJK characters
counting two columns, list values continued on indented lines, and aliases such as {bootmgr} or {current}
unless /v is given. The wording of titles and messages is our own; only the shapes follow the real tool.
Its tables (identifiers, element kinds and order, each language's words) are in bcdedit-model.json beside it,
which the in-JVM FakeBcdedit of the Java tests reads too, so both answer alike.

Environment:
  VHDBOOT_FAKE_BCD_STORE     JSON file holding the system store; created with a UEFI (or BIOS) Windows 11
                             installation on first use. `/store FILE` uses FILE instead, which must exist
                             (see /createstore).
  VHDBOOT_FAKE_BCD_LANG      en (default), de, fr, zh or ja.
  VHDBOOT_FAKE_BCD_ENCODING  how output is encoded, like a console code page: utf-8 (default), gbk, cp932, ...
  VHDBOOT_FAKE_BCD_FIRMWARE  uefi (default) or bios; shapes the initial store.
  VHDBOOT_FAKE_BCD_FAIL_AT   N: the Nth invocation fails with exit code 1 and leaves the store alone. The count
                             is kept in STORE.calls next to the system store file (or the /store file).
  VHDBOOT_FAKE_BCD_LOG       when set, each invocation's arguments are appended to this file as one JSON array
                             per line (UTF-8), before anything else happens.

Commands: /create [{id}] /d DESC /application osloader|resume|bootsector|startup, /set {id} ELEMENT VALUE...,
/delete {id} [/f] [/cleanup|/nocleanup], /default {id}, /displayorder {id}... [/addfirst|/addlast|/remove],
/timeout N, /bootsequence {id}... [/addfirst|/addlast|/remove],
/enum [active|all|bootmgr|osloader|resume|inherit|firmware|{id}] [/v], /export FILE, /createstore FILE.
/export works on the system store only, as Microsoft documents it; with /store it fails.
Identifiers may be GUIDs or aliases ({bootmgr}, {current}, {default}, {globalsettings}, ...).
Exit codes: 0 success, 1 a bcdedit-style failure, 2 the stand-in itself is misconfigured.
"""

import json
import os
import re
import sys
import unicodedata

VALUE_COLUMN = 24


def load_model():
    """The tables shared with the in-JVM FakeBcdedit (bcdedit-model.json beside this file), so both answer alike."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bcdedit-model.json")
    with open(path, "r", encoding="utf-8") as file:
        return json.load(file)


MODEL = load_model()
WELL_KNOWN = MODEL["well_known"]
ALIAS_OF = {guid: alias for alias, guid in WELL_KNOWN.items()}
CURRENT = MODEL["virtual"]["current"]
DEFAULT = MODEL["virtual"]["default"]
BOOTMGR = WELL_KNOWN["bootmgr"]

WINDOWS_11 = "{3e1c7a52-8f0d-4b6e-a2c4-5d9e0f1b7a63}"
WINDOWS_RESUME = "{3e1c7a54-8f0d-4b6e-a2c4-5d9e0f1b7a63}"

GUID = re.compile(r"\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}")

LIST_ELEMENTS = set(MODEL["element_kinds"]["list"])
OBJECT_ELEMENTS = set(MODEL["element_kinds"]["object"])
BOOLEAN_ELEMENTS = set(MODEL["element_kinds"]["boolean"])
INTEGER_ELEMENTS = set(MODEL["element_kinds"]["integer"])
DEVICE_ELEMENTS = set(MODEL["element_kinds"]["device"])
STRING_ELEMENTS = set(MODEL["element_kinds"]["string"])
ENUM_ELEMENTS = MODEL["enum_elements"]
# Display order of elements, roughly bcdedit's (which sorts by element type code); others follow as stored.
ELEMENT_ORDER = MODEL["element_order"]
OBJECT_TYPES = MODEL["object_types"]
LANGUAGES = MODEL["languages"]
# Title keys of the inheritable settings groups, by GUID.
SETTINGS_TITLES = {WELL_KNOWN[name]: name for name in
                   ("globalsettings", "bootloadersettings", "resumeloadersettings", "hypervisorsettings",
                    "dbgsettings", "emssettings", "badmemory")}


class Failure(Exception):
    """A bcdedit-style failure: a message key of the current language, exit code 1."""

    def __init__(self, key):
        super().__init__(key)
        self.key = key


class Misconfigured(Exception):
    """The stand-in itself cannot run (exit code 2)."""


# ---------------------------------------------------------------- output

class Console:
    def __init__(self, language, encoding):
        self.text = LANGUAGES[language]
        self.language = language
        self.encoding = encoding

    def out(self, lines):
        self._write(sys.stdout, lines)

    def err(self, lines):
        self._write(sys.stderr, lines)

    def _write(self, stream, lines):
        data = "".join(line + "\r\n" for line in lines)
        stream.buffer.write(data.encode(self.encoding, errors="replace"))
        stream.buffer.flush()


def display_width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def padded(label):
    return label + " " * max(1, VALUE_COLUMN - display_width(label))


# ---------------------------------------------------------------- the store

def initial_store(firmware):
    uefi = firmware == "uefi"
    loader = "winload.efi" if uefi else "winload.exe"
    objects = {}
    if uefi:
        objects[WELL_KNOWN["fwbootmgr"]] = {"type": "fwbootmgr", "elements": {
            "displayorder": [BOOTMGR], "timeout": "0"}}
    bootmgr = {"device": "partition=\\Device\\HarddiskVolume1"}
    if uefi:
        bootmgr["path"] = "\\EFI\\Microsoft\\Boot\\bootmgfw.efi"
    bootmgr.update({"description": "Windows Boot Manager", "locale": "en-US",
                    "inherit": [WELL_KNOWN["globalsettings"]], "default": WINDOWS_11,
                    "resumeobject": WINDOWS_RESUME, "displayorder": [WINDOWS_11],
                    "toolsdisplayorder": [WELL_KNOWN["memdiag"]], "timeout": "30"})
    objects[BOOTMGR] = {"type": "bootmgr", "elements": bootmgr}
    objects[WINDOWS_11] = {"type": "osloader", "elements": {
        "device": "partition=C:", "path": "\\Windows\\system32\\" + loader, "description": "Windows 11",
        "locale": "en-US", "inherit": [WELL_KNOWN["bootloadersettings"]], "recoveryenabled": "No",
        "isolatedcontext": "Yes", "allowedinmemorysettings": "0x15000075", "osdevice": "partition=C:",
        "systemroot": "\\Windows", "resumeobject": WINDOWS_RESUME, "nx": "OptIn", "bootmenupolicy": "Standard"}}
    objects[WINDOWS_RESUME] = {"type": "resume", "elements": {
        "device": "partition=C:", "path": "\\Windows\\system32\\winresume." + ("efi" if uefi else "exe"),
        "description": "Windows Resume Application", "locale": "en-US",
        "inherit": [WELL_KNOWN["resumeloadersettings"]], "isolatedcontext": "Yes",
        "allowedinmemorysettings": "0x15000075", "filedevice": "partition=C:", "filepath": "\\hiberfil.sys",
        "debugoptionenabled": "No"}}
    objects[WELL_KNOWN["memdiag"]] = {"type": "memdiag", "elements": {
        "device": "partition=\\Device\\HarddiskVolume1",
        "path": "\\EFI\\Microsoft\\Boot\\memtest.efi" if uefi else "\\boot\\memtest.exe",
        "description": "Windows Memory Diagnostic", "locale": "en-US",
        "inherit": [WELL_KNOWN["globalsettings"]], "badmemoryaccess": "Yes"}}
    objects[WELL_KNOWN["emssettings"]] = {"type": "inherit", "elements": {"bootems": "No"}}
    objects[WELL_KNOWN["dbgsettings"]] = {"type": "inherit", "elements": {"debugtype": "Local"}}
    objects[WELL_KNOWN["badmemory"]] = {"type": "inherit", "elements": {}}
    objects[WELL_KNOWN["globalsettings"]] = {"type": "inherit", "elements": {
        "locale": "en-US",
        "inherit": [WELL_KNOWN["dbgsettings"], WELL_KNOWN["emssettings"], WELL_KNOWN["badmemory"]]}}
    objects[WELL_KNOWN["bootloadersettings"]] = {"type": "inherit", "elements": {
        "inherit": [WELL_KNOWN["globalsettings"], WELL_KNOWN["hypervisorsettings"]]}}
    objects[WELL_KNOWN["hypervisorsettings"]] = {"type": "inherit", "elements": {
        "hypervisordebugtype": "Serial", "hypervisordebugport": "1", "hypervisorbaudrate": "115200"}}
    objects[WELL_KNOWN["resumeloadersettings"]] = {"type": "inherit", "elements": {
        "inherit": [WELL_KNOWN["globalsettings"]]}}
    return {"firmware": firmware, "current": WINDOWS_11, "objects": objects}


def load_store(path):
    with open(path, "r", encoding="utf-8") as file:
        return json.load(file)


def save_store(path, store):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as file:
        json.dump(store, file, ensure_ascii=False, indent=1)
        file.write("\n")
    os.replace(temporary, path)


# ---------------------------------------------------------------- identifiers

def normalized_guid(token):
    return token.lower() if GUID.fullmatch(token) else None


def resolve(store, token):
    """The stored GUID an identifier names; raises for unknown or dangling identifiers."""
    lowered = token.strip().lower()
    if lowered in ("{current}", CURRENT):
        if store.get("current") in store["objects"]:
            return store["current"]
        raise Failure("not_found")
    if lowered in ("{default}", DEFAULT):
        target = manager(store).get("default")
        if target in store["objects"]:
            return target
        raise Failure("not_found")
    if lowered.startswith("{") and lowered.endswith("}") and lowered[1:-1] in WELL_KNOWN:
        return WELL_KNOWN[lowered[1:-1]]
    if lowered == "{legacy}":
        return WELL_KNOWN["ntldr"]
    guid = normalized_guid(lowered)
    if guid is None:
        raise Failure("bad_args")
    return guid


def existing(store, token):
    guid = resolve(store, token)
    if guid not in store["objects"]:
        raise Failure("not_found")
    return guid


def new_guid():
    digits = bytearray(os.urandom(16))
    digits[6] = (digits[6] & 0x0F) | 0x40  # version 4
    digits[8] = (digits[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digits.hex()
    return "{%s-%s-%s-%s-%s}" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])


def manager(store):
    entry = store["objects"].get(BOOTMGR)
    return entry["elements"] if entry else {}


def shown(store, guid, verbose):
    """How an identifier is printed: full GUID with /v, otherwise an alias where one applies."""
    if verbose or not GUID.fullmatch(guid):
        return guid
    if guid in ALIAS_OF:
        return "{" + ALIAS_OF[guid] + "}"
    if guid == store.get("current"):
        return "{current}"
    if guid == manager(store).get("default"):
        return "{default}"
    return guid


# ---------------------------------------------------------------- /enum

def title_key(guid, entry):
    if guid in SETTINGS_TITLES:
        return SETTINGS_TITLES[guid]
    return entry["type"]


def english_title(key):
    return LANGUAGES["en"]["titles"].get(key, LANGUAGES["en"]["titles"]["inherit"])


def render(console, store, guids, verbose):
    lines = []
    for guid in guids:
        entry = store["objects"][guid]
        key = title_key(guid, entry)
        if console.language != "ja":
            lines.append("")
        lines.append(console.text["titles"].get(key, console.text["titles"]["inherit"]))
        # The dash count follows the English title (zh-CN captures) or is fixed (ja-JP captures use 32).
        lines.append("-" * (32 if console.language == "ja" else len(english_title(key))))
        lines.append(padded(console.text["identifier"]) + shown(store, guid, verbose))
        elements = entry["elements"]
        ordered = [name for name in ELEMENT_ORDER if name in elements]
        ordered += [name for name in elements if name not in ordered]
        for name in ordered:
            value = elements[name]
            if isinstance(value, list):
                if not value:
                    continue
                lines.append(padded(name) + shown(store, value[0], verbose))
                lines.extend(" " * VALUE_COLUMN + shown(store, item, verbose) for item in value[1:])
            else:
                lines.append(padded(name) + shown(store, value, verbose))
    return lines


def selection(store, target):
    objects = store["objects"]
    target = target.lower()
    firsts = [guid for guid in (WELL_KNOWN["fwbootmgr"], BOOTMGR) if guid in objects]
    if target == "active":
        order = [guid for guid in manager(store).get("displayorder", []) if guid in objects]
        return ([BOOTMGR] if BOOTMGR in objects else []) + order
    if target == "all":
        return firsts + [guid for guid in objects if guid not in firsts]
    if target == "bootmgr":
        return [BOOTMGR] if BOOTMGR in objects else []
    if target == "firmware":
        return [guid for guid in objects if objects[guid]["type"] == "fwbootmgr"]
    if target in ("osloader", "resume", "inherit", "bootsector"):
        return [guid for guid in objects if objects[guid]["type"] == target]
    if target.startswith("{"):
        return [existing(store, target)]
    raise Failure("bad_args")


def command_enum(console, store, args, verbose):
    if len(args) > 1:
        raise Failure("bad_args")
    guids = selection(store, args[0] if args else "active")
    if not guids:
        console.out([console.text["empty"]])
        return False
    console.out(render(console, store, guids, verbose))
    return False


# ---------------------------------------------------------------- changes

def switches(args, allowed):
    """Splits args into plain values and /switches (lower-cased); unknown switches are refused."""
    values, found = [], []
    for arg in args:
        if arg.startswith("/"):
            if arg.lower() not in allowed:
                raise Failure("bad_args")
            found.append(arg.lower())
        else:
            values.append(arg)
    return values, found


def command_create(console, store, args):
    guid = None
    if args and args[0].startswith("{"):
        guid = resolve(store, args[0])
        args = args[1:]
    description, application = None, None
    index = 0
    while index < len(args):
        option = args[index].lower()
        if option in ("/d", "/application") and index + 1 < len(args):
            if option == "/d":
                description = args[index + 1]
            else:
                application = args[index + 1].lower()
            index += 2
        else:
            raise Failure("bad_args")
    if description is None or application not in OBJECT_TYPES:
        raise Failure("bad_args")
    guid = guid or new_guid()
    if guid in store["objects"] or guid in (CURRENT, DEFAULT):
        raise Failure("exists")
    store["objects"][guid] = {"type": OBJECT_TYPES[application], "elements": {"description": description}}
    console.out([console.text["created"].replace("{guid}", guid)])
    return True


def element_value(store, name, values):
    if name in LIST_ELEMENTS:
        if not values:
            raise Failure("bad_args")
        return [resolve(store, value) for value in values]
    if len(values) != 1:
        raise Failure("bad_args")
    value = values[0]
    if name in OBJECT_ELEMENTS:
        return resolve(store, value)
    if name in BOOLEAN_ELEMENTS:
        lowered = value.lower()
        if lowered in ("on", "yes", "true", "1"):
            return "Yes"
        if lowered in ("off", "no", "false", "0"):
            return "No"
        raise Failure("bad_value")
    if name in INTEGER_ELEMENTS:
        if not value.isdigit():
            raise Failure("bad_value")
        return str(int(value))
    if name in ENUM_ELEMENTS:
        for choice in ENUM_ELEMENTS[name]:
            if choice.lower() == value.lower():
                return choice
        raise Failure("bad_value")
    if name in DEVICE_ELEMENTS:
        lowered = value.lower()
        if not (lowered in ("boot", "locate") or lowered.startswith(("partition=", "vhd=[", "locate=", "ramdisk=",
                                                                      "file=["))):
            raise Failure("bad_value")
        return value
    return value


def command_set(console, store, args):
    if len(args) < 3:
        raise Failure("bad_args")
    guid = existing(store, args[0])
    name = args[1].lower()
    known = LIST_ELEMENTS | OBJECT_ELEMENTS | BOOLEAN_ELEMENTS | INTEGER_ELEMENTS | DEVICE_ELEMENTS \
        | set(ENUM_ELEMENTS) | STRING_ELEMENTS
    if name not in known:
        raise Failure("bad_element")
    store["objects"][guid]["elements"][name] = element_value(store, name, args[2:])
    console.out([console.text["ok"]])
    return True


def command_delete(console, store, args):
    values, found = switches(args, {"/f", "/cleanup", "/nocleanup"})
    if len(values) != 1:
        raise Failure("bad_args")
    guid = existing(store, values[0])
    if guid in ALIAS_OF and "/f" not in found:
        raise Failure("needs_force")
    del store["objects"][guid]
    if "/nocleanup" not in found:
        for entry in store["objects"].values():
            elements = entry["elements"]
            for name in list(elements):
                if isinstance(elements[name], list):
                    elements[name] = [item for item in elements[name] if item != guid]
                elif name in OBJECT_ELEMENTS and elements[name] == guid:
                    del elements[name]
    if store.get("current") == guid:
        store["current"] = None
    console.out([console.text["ok"]])
    return True


def bootmgr_elements(store):
    if BOOTMGR not in store["objects"]:
        raise Failure("not_found")
    return store["objects"][BOOTMGR]["elements"]


def command_default(console, store, args):
    if len(args) != 1:
        raise Failure("bad_args")
    guid = existing(store, args[0])
    bootmgr_elements(store)["default"] = guid
    console.out([console.text["ok"]])
    return True


def command_list(console, store, args, element):
    """/displayorder and /bootsequence: replace the list, or add or remove one entry."""
    values, found = switches(args, {"/addfirst", "/addlast", "/remove"})
    if not values or len(found) > 1 or (found and len(values) != 1):
        raise Failure("bad_args")
    elements = bootmgr_elements(store)
    current = list(elements.get(element, []))
    if found == ["/remove"]:
        guid = resolve(store, values[0])
        current = [item for item in current if item != guid]
    else:
        guids = [existing(store, value) for value in values]
        if found == ["/addfirst"]:
            current = guids + [item for item in current if item not in guids]
        elif found == ["/addlast"]:
            current = [item for item in current if item not in guids] + guids
        else:
            current = guids
    elements[element] = current
    console.out([console.text["ok"]])
    return True


def command_timeout(console, store, args):
    if len(args) != 1 or not args[0].isdigit():
        raise Failure("bad_args")
    bootmgr_elements(store)["timeout"] = str(int(args[0]))
    console.out([console.text["ok"]])
    return True


def command_export(console, store, args, offline):
    if len(args) != 1 or offline:
        raise Failure("bad_args")
    save_store(args[0], store)
    console.out([console.text["ok"]])
    return False


# ---------------------------------------------------------------- main

def count_invocation(counter_path):
    try:
        with open(counter_path, "r", encoding="ascii") as file:
            count = int(file.read().strip() or "0") + 1
    except FileNotFoundError:
        count = 1
    with open(counter_path, "w", encoding="ascii") as file:
        file.write(str(count))
    return count


def without_store_switch(args):
    """Removes `/store FILE` (anywhere, as bcdedit allows) and returns (remaining args, FILE or None)."""
    remaining, store_file, index = [], None, 0
    while index < len(args):
        if args[index].lower() == "/store":
            if index + 1 >= len(args):
                raise Failure("bad_args")
            store_file = args[index + 1]
            index += 2
        else:
            remaining.append(args[index])
            index += 1
    return remaining, store_file


def run(console, args):
    args, offline_file = without_store_switch(args)
    verbose = any(arg.lower() == "/v" for arg in args)
    args = [arg for arg in args if arg.lower() != "/v"]
    if not args:
        args = ["/enum"]
    command, rest = args[0].lower(), args[1:]

    if command == "/createstore":
        if len(rest) != 1:
            raise Failure("bad_args")
        if os.path.exists(rest[0]):
            raise Failure("store_exists")
        firmware = os.environ.get("VHDBOOT_FAKE_BCD_FIRMWARE", "uefi")
        save_store(rest[0], {"firmware": firmware, "current": None, "objects": {}})
        console.out([console.text["ok"]])
        return

    system_file = os.environ.get("VHDBOOT_FAKE_BCD_STORE")
    if offline_file is not None:
        if not os.path.isfile(offline_file):
            raise Failure("store_open")
        store_file = offline_file
    elif system_file:
        store_file = system_file
        if not os.path.exists(store_file):
            save_store(store_file, initial_store(os.environ.get("VHDBOOT_FAKE_BCD_FIRMWARE", "uefi")))
    else:
        raise Misconfigured("VHDBOOT_FAKE_BCD_STORE is not set and no /store FILE was given")
    store = load_store(store_file)

    handlers = {
        "/create": lambda: command_create(console, store, rest),
        "/set": lambda: command_set(console, store, rest),
        "/delete": lambda: command_delete(console, store, rest),
        "/default": lambda: command_default(console, store, rest),
        "/displayorder": lambda: command_list(console, store, rest, "displayorder"),
        "/bootsequence": lambda: command_list(console, store, rest, "bootsequence"),
        "/timeout": lambda: command_timeout(console, store, rest),
        "/enum": lambda: command_enum(console, store, rest, verbose),
        "/export": lambda: command_export(console, store, rest, offline_file is not None),
    }
    if command not in handlers:
        raise Failure("bad_args")
    if handlers[command]():
        save_store(store_file, store)


def main():
    args = sys.argv[1:]
    log = os.environ.get("VHDBOOT_FAKE_BCD_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as file:
            file.write(json.dumps(args, ensure_ascii=False) + "\n")
    language = os.environ.get("VHDBOOT_FAKE_BCD_LANG", "en")
    encoding = os.environ.get("VHDBOOT_FAKE_BCD_ENCODING", "utf-8")
    if language not in LANGUAGES:
        sys.stderr.write("bcdedit stand-in: unknown VHDBOOT_FAKE_BCD_LANG %r\n" % language)
        return 2
    console = Console(language, encoding)
    try:
        fail_at = os.environ.get("VHDBOOT_FAKE_BCD_FAIL_AT")
        if fail_at:
            _, offline_file = without_store_switch(args)
            counter_base = os.environ.get("VHDBOOT_FAKE_BCD_STORE") or offline_file
            if not counter_base:
                raise Misconfigured("VHDBOOT_FAKE_BCD_FAIL_AT needs a store file to count invocations")
            if count_invocation(counter_base + ".calls") == int(fail_at):
                raise Failure("denied")
        run(console, args)
        return 0
    except Failure as failure:
        text = console.text[failure.key]
        console.err(text if isinstance(text, list) else [text])
        return 1
    except Misconfigured as problem:
        sys.stderr.write("bcdedit stand-in: %s\n" % problem)
        return 2


if __name__ == "__main__":
    sys.exit(main())
