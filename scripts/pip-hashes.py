#!/usr/bin/env python3
"""Writes the sha256 of every distribution file a pin of tools/constraints.txt can install on linux x86_64 CPython 3.11
(py3/cp311/abi3 wheels for any or manylinux x86_64 up to glibc 2.36, Debian 12's) as --hash options, so that
scripts/tools.sh installs the Python tools with `pip install --require-hashes --only-binary=:all:`.

The hashes come from the package index pip itself uses (PyPI's simple API, PEP 691 JSON), the same values pip checks.

    python3 scripts/pip-hashes.py            rewrite tools/constraints.txt (pins kept, hashes refreshed)
    python3 scripts/pip-hashes.py --check    exit 1 when a pin has no hash or no installable wheel (no network)

Env: PIP_INDEX_URL (default https://pypi.org/simple).
"""
import json
import os
import re
import sys
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONSTRAINTS = os.path.join(ROOT, "tools", "constraints.txt")
INDEX = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
MAX_GLIBC = (2, 36)


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(text):
    """Header comment lines and [(name, version, [hashes])] of a constraints file (continuation lines joined)."""
    header, pins = [], []
    logical = re.sub(r"\\\n\s*", " ", text)
    for line in logical.splitlines():
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            if not pins:
                header.append(s)
            continue
        m = re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)((?:\s+--hash=sha256:[0-9a-f]{64})*)\s*$", s)
        if not m:
            raise SystemExit(f"pip-hashes: {CONSTRAINTS}: cannot read '{s}' — rule: exact pins (name==version) only")
        pins.append((m.group(1), m.group(2), re.findall(r"sha256:([0-9a-f]{64})", m.group(3))))
    return header, pins


def wheel_fits(filename):
    """True when pip on linux x86_64 CPython 3.11 (glibc <= 2.36) may pick this wheel."""
    parts = filename[:-4].split("-")
    if len(parts) < 5:
        return False
    pys, abis, plats = (set(p.split(".")) for p in parts[-3:])
    py_ok = bool(pys & {"py3", "py311", "cp311"}) or any(re.fullmatch(r"cp3(\d+)", p) and int(p[3:]) <= 11 and "abi3" in abis for p in pys)
    abi_ok = bool(abis & {"none", "abi3", "cp311"})

    def plat_fits(p):
        if p == "any":
            return True
        if p in ("manylinux1_x86_64", "manylinux2010_x86_64", "manylinux2014_x86_64"):
            return True
        m = re.fullmatch(r"manylinux_(\d+)_(\d+)_x86_64", p)
        return bool(m) and (int(m.group(1)), int(m.group(2))) <= MAX_GLIBC

    return py_ok and abi_ok and any(plat_fits(p) for p in plats)


def index_files(name):
    req = urllib.request.Request(f"{INDEX}/{normalize(name)}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)["files"]


def release_hashes(name, version):
    """sha256 of the wheels of name==version that fit the target, sorted."""
    want = f"-{version}-"
    prefix = re.compile("^" + "[-_.]".join(re.escape(p) for p in normalize(name).split("-")) + "-", re.I)
    out = []
    for f in index_files(name):
        fn = f["filename"]
        if fn.endswith(".whl") and prefix.match(fn) and want in fn and not f.get("yanked") and wheel_fits(fn):
            out.append(f["hashes"]["sha256"])
    return sorted(set(out))


def render(header, pins):
    lines = list(header)
    for name, version, hashes in pins:
        lines.append(f"{name}=={version}" + "".join(f" \\\n    --hash=sha256:{h}" for h in hashes))
    return "\n".join(lines) + "\n"


def main(argv):
    header, pins = parse(open(CONSTRAINTS, encoding="utf-8").read())
    if "--check" in argv:
        bad = [f"{n}=={v}" for n, v, h in pins if not h]
        if bad:
            print(f"pip-hashes: {len(bad)} pin(s) without --hash in tools/constraints.txt: {', '.join(bad)} — fix: python3 scripts/pip-hashes.py", file=sys.stderr)
            return 1
        print(f"pip-hashes: {len(pins)} pins, each with its hashes")
        return 0
    out, missing = [], []
    for name, version, _ in pins:
        hashes = release_hashes(name, version)
        if not hashes:
            missing.append(f"{name}=={version}")
        out.append((name, version, hashes))
        print(f"pip-hashes: {name}=={version}: {len(hashes)} wheel(s)")
    if missing:
        print(f"pip-hashes: no wheel for linux x86_64 cp311 on the index: {', '.join(missing)} — rule: wheels only "
              "(--only-binary=:all:) — fix: pin a version that ships one", file=sys.stderr)
        return 1
    with open(CONSTRAINTS + ".new", "w", encoding="utf-8") as f:
        f.write(render(header, out))
    os.replace(CONSTRAINTS + ".new", CONSTRAINTS)
    print(f"pip-hashes: wrote {len(out)} pins with hashes to tools/constraints.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
