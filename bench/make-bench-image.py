#!/usr/bin/env python3
"""Writes an OCI image layout for the pull benchmark: 4 gzip layers, about 256 MiB unpacked,
a few thousand small files, a whiteout. Deterministic (seeded), so runs compare the same image.
Usage: make-bench-image.py LAYOUT_DIR"""
import gzip, hashlib, io, json, os, random, sys, tarfile

out = sys.argv[1]
rng = random.Random(42)
os.makedirs(os.path.join(out, "blobs", "sha256"), exist_ok=True)

def blob(data):
    d = hashlib.sha256(data).hexdigest()
    with open(os.path.join(out, "blobs", "sha256", d), "wb") as f:
        f.write(data)
    return "sha256:" + d

def text(n):
    words = [b"container", b"layer", b"overlay", b"snapshot", b"digest", b"manifest", b"kernel", b"berth"]
    return b" ".join(rng.choice(words) for _ in range(n // 7))[:n]

def layer(entries):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 1700000000
            if data is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                info.size = len(data)
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(data))
    tar_bytes = raw.getvalue()
    diff_id = "sha256:" + hashlib.sha256(tar_bytes).hexdigest()
    gz = gzip.compress(tar_bytes, compresslevel=6, mtime=0)
    return {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": blob(gz), "size": len(gz)}, diff_id

layers = []
# 1: 2000 small text files in 40 directories (~9 MiB)
e = []
for d in range(40):
    e.append((f"usr/share/bench/d{d:02}", None))
    for i in range(50):
        e.append((f"usr/share/bench/d{d:02}/f{i:03}.txt", text(rng.randint(1024, 8192))))
layers.append(layer([("usr", None), ("usr/share", None), ("usr/share/bench", None)] + e))
# 2: 8 random files of 8 MiB (64 MiB, incompressible)
layers.append(layer([("opt", None)] + [(f"opt/blob{i}.bin", rng.randbytes(8 << 20)) for i in range(8)]))
# 3: 1500 random files of 4-32 KiB (~27 MiB) plus 96 MiB of text (compressible)
e = [("var", None), ("var/lib", None), ("var/lib/bench", None)]
e += [(f"var/lib/bench/r{i:04}.bin", rng.randbytes(rng.randint(4096, 32768))) for i in range(1500)]
e += [(f"var/lib/bench/log{i}.txt", text(12 << 20)) for i in range(8)]
layers.append(layer(e))
# 4: 64 MiB more, and a whiteout of one layer-1 directory
layers.append(layer([("srv", None), ("srv/data.bin", rng.randbytes(48 << 20)), ("srv/notes.txt", text(16 << 20)),
                     ("usr/share/bench/.wh.d00", b"")]))

config = {"architecture": "amd64", "os": "linux", "created": "2026-01-01T00:00:00Z",
          "config": {"Env": ["PATH=/usr/bin:/bin"], "Cmd": ["sh"]},
          "rootfs": {"type": "layers", "diff_ids": [d for _, d in layers]},
          "history": [{"created": "2026-01-01T00:00:00Z", "created_by": "bench layer"} for _ in layers]}
cfg = json.dumps(config, separators=(",", ":")).encode()
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": blob(cfg), "size": len(cfg)},
            "layers": [l for l, _ in layers]}
m = json.dumps(manifest, separators=(",", ":")).encode()
index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
         "manifests": [{"mediaType": manifest["mediaType"], "digest": blob(m), "size": len(m),
                        "annotations": {"org.opencontainers.image.ref.name": "bench"}}]}
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump(index, f)
with open(os.path.join(out, "oci-layout"), "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
