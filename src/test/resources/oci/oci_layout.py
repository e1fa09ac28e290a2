#!/usr/bin/python3
"""An independent reader and writer of OCI image-layout folders, standard library only.

    oci_layout.py verify DIR          checks DIR against the image-layout spec; prints {"tags": {...}, "blobs": N}
    oci_layout.py write DIR SPEC      writes a layout from SPEC (JSON: tag, artifactType, annotations, layers[])

verify: oci-layout names version 1.0.0; index.json is an image index; every blob file in blobs/sha256 is named
by the SHA-256 of its content; every manifest the index names, and every config and layer they name, exists
with the size and digest its descriptor gives.
"""
import hashlib
import json
import os
import re
import sys

INDEX = "application/vnd.oci.image.index.v1+json"
MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$")
DIGEST = re.compile(r"^sha256:([0-9a-f]{64})$")


def fail(message):
    print("oci_layout.py: " + message, file=sys.stderr)
    sys.exit(1)


def check_descriptor(descriptor, where):
    if not isinstance(descriptor, dict):
        fail(where + ": a descriptor is not an object")
    if not MEDIA_TYPE.match(descriptor.get("mediaType", "")):
        fail(where + ": bad mediaType %r" % descriptor.get("mediaType"))
    if not DIGEST.match(descriptor.get("digest", "")):
        fail(where + ": bad digest %r" % descriptor.get("digest"))
    if not isinstance(descriptor.get("size"), int) or descriptor["size"] < 0:
        fail(where + ": bad size %r" % descriptor.get("size"))
    annotations = descriptor.get("annotations", {})
    if not isinstance(annotations, dict) or not all(isinstance(v, str) for v in annotations.values()):
        fail(where + ": annotations must map strings to strings")


def read_blob(folder, descriptor, where):
    check_descriptor(descriptor, where)
    path = os.path.join(folder, "blobs", "sha256", DIGEST.match(descriptor["digest"]).group(1))
    if not os.path.isfile(path):
        fail(where + ": blob %s is missing" % descriptor["digest"])
    with open(path, "rb") as blob:
        content = blob.read()
    if len(content) != descriptor["size"]:
        fail(where + ": blob %s has %d bytes, not %d" % (descriptor["digest"], len(content), descriptor["size"]))
    if "sha256:" + hashlib.sha256(content).hexdigest() != descriptor["digest"]:
        fail(where + ": blob %s does not match its digest" % descriptor["digest"])
    return content


def verify(folder):
    with open(os.path.join(folder, "oci-layout"), "rb") as layout:
        if json.loads(layout.read()).get("imageLayoutVersion") != "1.0.0":
            fail("oci-layout does not name version 1.0.0")
    with open(os.path.join(folder, "index.json"), "rb") as handle:
        index = json.loads(handle.read())
    if index.get("schemaVersion") != 2 or index.get("mediaType", INDEX) != INDEX:
        fail("index.json is not an image index")
    blobs = os.path.join(folder, "blobs", "sha256")
    count = 0
    for name in os.listdir(blobs):
        with open(os.path.join(blobs, name), "rb") as blob:
            if not re.match(r"^[0-9a-f]{64}$", name) or hashlib.sha256(blob.read()).hexdigest() != name:
                fail("blobs/sha256/%s is not named by its digest" % name)
        count += 1
    tags = {}
    for i, descriptor in enumerate(index.get("manifests", [])):
        where = "index.json manifests[%d]" % i
        manifest = json.loads(read_blob(folder, descriptor, where))
        if descriptor["mediaType"] != MANIFEST or manifest.get("mediaType") != MANIFEST:
            fail(where + ": not an image manifest")
        if manifest.get("schemaVersion") != 2:
            fail(where + ": schemaVersion is not 2")
        read_blob(folder, manifest["config"], where + " config")
        for j, layer in enumerate(manifest.get("layers", [])):
            read_blob(folder, layer, where + " layers[%d]" % j)
        tag = descriptor.get("annotations", {}).get("org.opencontainers.image.ref.name")
        if tag is not None:
            if tag in tags:
                fail("tag %s is named twice in index.json" % tag)
            tags[tag] = descriptor["digest"]
    print(json.dumps({"tags": tags, "blobs": count}, sort_keys=True))


def put_blob(folder, content):
    digest = hashlib.sha256(content).hexdigest()
    with open(os.path.join(folder, "blobs", "sha256", digest), "wb") as blob:
        blob.write(content)
    return "sha256:" + digest


def write(folder, spec_file):
    with open(spec_file) as handle:
        spec = json.load(handle)
    os.makedirs(os.path.join(folder, "blobs", "sha256"), exist_ok=True)
    with open(os.path.join(folder, "oci-layout"), "w") as layout:
        layout.write('{"imageLayoutVersion": "1.0.0"}')
    config = b"{}"
    layers = []
    for layer in spec["layers"]:
        with open(layer["file"], "rb") as handle:
            content = handle.read()
        layers.append({"mediaType": layer["mediaType"], "digest": put_blob(folder, content), "size": len(content),
                       "annotations": layer["annotations"]})
    manifest = {"schemaVersion": 2, "mediaType": MANIFEST, "artifactType": spec["artifactType"],
                "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": put_blob(folder, config),
                           "size": len(config)},
                "layers": layers, "annotations": spec["annotations"]}
    # Indented, unlike vhdboot's output: the reader must digest the bytes as stored, not a re-serialisation.
    content = json.dumps(manifest, indent=2).encode()
    index = {"schemaVersion": 2, "manifests": [{"mediaType": MANIFEST, "digest": put_blob(folder, content),
                                                 "size": len(content),
                                                 "annotations": {"org.opencontainers.image.ref.name": spec["tag"]}}]}
    with open(os.path.join(folder, "index.json"), "w") as handle:
        json.dump(index, handle, indent=1)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "verify":
        verify(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3])
    else:
        fail("usage: oci_layout.py verify DIR | write DIR SPEC")
