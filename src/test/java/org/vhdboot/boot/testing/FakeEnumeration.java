package org.vhdboot.boot.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code /enum [active|all|bootmgr|firmware|osloader|resume|inherit|bootsector|{id}]}, as bcdedit.py answers it. */
final class FakeEnumeration {

    private FakeEnumeration() {
    }

    /** @return false: listing changes nothing */
    static boolean enumerate(FakeConsole console, FakeStore store, List<String> args, boolean verbose) {
        if (args.size() > 1) {
            throw new BcdeditFailure("bad_args");
        }
        List<String> guids = selection(store, args.isEmpty() ? "active" : args.get(0));
        console.out(guids.isEmpty() ? List.of(console.text("empty")) : console.render(store, guids, verbose));
        return false;
    }

    private static List<String> selection(FakeStore store, String requested) {
        StandinModel model = StandinModel.SHARED;
        String target = requested.toLowerCase(Locale.ROOT);
        List<String> objects = new ArrayList<>();
        store.objects().fieldNames().forEachRemaining(objects::add);
        List<String> firsts = new ArrayList<>();
        for (String guid : List.of(model.wellKnown.get("fwbootmgr"), model.bootmgr)) {
            if (store.has(guid)) {
                firsts.add(guid);
            }
        }
        List<String> selected = new ArrayList<>();
        switch (target) {
            case "active":
                if (store.has(model.bootmgr)) {
                    selected.add(model.bootmgr);
                }
                store.manager().path("displayorder").forEach(item -> {
                    if (store.has(item.asText())) {
                        selected.add(item.asText());
                    }
                });
                return selected;
            case "all":
                selected.addAll(firsts);
                objects.stream().filter(guid -> !firsts.contains(guid)).forEach(selected::add);
                return selected;
            case "bootmgr":
                return store.has(model.bootmgr) ? List.of(model.bootmgr) : List.of();
            case "firmware":
                return ofType(store, objects, "fwbootmgr");
            case "osloader":
            case "resume":
            case "inherit":
            case "bootsector":
                return ofType(store, objects, target);
            default:
                if (target.startsWith("{")) {
                    return List.of(store.existing(target));
                }
                throw new BcdeditFailure("bad_args");
        }
    }

    private static List<String> ofType(FakeStore store, List<String> objects, String type) {
        return objects.stream().filter(guid -> store.objects().get(guid).get("type").asText().equals(type)).toList();
    }
}
