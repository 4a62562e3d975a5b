"""Which llama.cpp build the llamacpp backend loads on this CPU.

`uv sync` builds one portable library (AVX2/FMA/F16C, pinned in pyproject.toml): it runs on
every x86-64 machine nlq runs on, because `uv sync` cannot choose compiler flags per machine.
On a CPU with AVX-512 a second build prefills 1.3-1.5x faster (docs/backends.md); `nlq model
build-cpu` compiles it once into the cache (`$NLQ_CACHE/llama-cpu/<variant>/`), and every
later load takes the fastest built variant whose instructions this CPU has, through
llama-cpp-python's own `LLAMA_CPP_LIB_PATH`. A build for another llama-cpp-python version
is never taken: its C API may differ from the bindings installed.

AMX stays off in every variant: a `-march=native` build segfaulted on the first eval on a CPU
that advertises AMX, while the AVX-512 build without it gives the same greedy tokens.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from nlq.errors import FillError

PORTABLE = "portable"
_DISTRIBUTION = "llama-cpp-python"
_RECORD = "build.json"


@dataclass(frozen=True)
class Variant:
    name: str
    flags: frozenset[str]  # /proc/cpuinfo flags the library's code uses
    cmake_args: str


# Fastest first. The portable build's flags are the ones pinned in pyproject.toml.
VARIANTS = (
    Variant("avx512",
            frozenset({"avx2", "fma", "f16c", "avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw",
                       "avx512_vnni", "avx512_bf16"}),
            "-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=ON "
            "-DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF "
            "-DLLAVA_BUILD=OFF"),
)


def builds_root() -> Path:
    from nlq.model import cache_root

    return cache_root() / "llama-cpu"


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The instruction-set flags of this machine's first CPU (none where the file is absent)."""
    try:
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("flags"):
                return frozenset(line.partition(":")[2].split())
    except OSError:
        pass
    return frozenset()


def installed_version() -> str:
    return metadata.version(_DISTRIBUTION)


def _variant(name: str) -> Variant:
    for variant in VARIANTS:
        if variant.name == name:
            return variant
    raise FillError(f"unknown llama.cpp CPU build {name!r}",
                    hint=f"use one of {', '.join([PORTABLE, *(v.name for v in VARIANTS)])} (NLQ_CPU_BUILD)")


def _built(variant: Variant, root: Path, version: str) -> Path | None:
    folder = root / variant.name
    try:
        record = json.loads((folder / _RECORD).read_text())
    except (OSError, ValueError):
        return None
    return folder if record.get("version") == version else None


def choose(flags: frozenset[str], root: Path, version: str, wanted: str | None = None) -> tuple[str, Path | None]:
    """The build to load and its library folder (None: the portable one llama-cpp-python ships).
    `wanted` (env NLQ_CPU_BUILD) names one; a named variant must be built and runnable here."""
    if wanted == PORTABLE:
        return PORTABLE, None
    if wanted:
        variant = _variant(wanted)
        folder = _built(variant, root, version)
        if folder is None:
            raise FillError(f"the {wanted} llama.cpp build is not in {root} for llama-cpp-python {version}",
                            hint=f"run `nlq model build-cpu --variant {wanted}`, or unset NLQ_CPU_BUILD")
        if not variant.flags <= flags:
            raise FillError(f"this CPU lacks {' '.join(sorted(variant.flags - flags))} for the {wanted} build",
                            hint="unset NLQ_CPU_BUILD to take the fastest build this CPU runs")
        return wanted, folder
    for variant in VARIANTS:
        folder = _built(variant, root, version)
        if folder is not None and variant.flags <= flags:
            return variant.name, folder
    return PORTABLE, None


def chosen() -> tuple[str, Path | None]:
    """`choose` on this machine, with env NLQ_CPU_BUILD; the portable build where llama-cpp-python
    is not installed (the runner export leaves it out)."""
    try:
        version = installed_version()
    except metadata.PackageNotFoundError:
        return PORTABLE, None
    return choose(cpu_flags(), builds_root(), version, os.environ.get("NLQ_CPU_BUILD") or None)


@functools.cache
def select() -> str:
    """Point llama-cpp-python at the chosen build before its first import; the build's name (or
    the library folder the user set in LLAMA_CPP_LIB_PATH). Once per process: a library once
    loaded stays."""
    if os.environ.get("LLAMA_CPP_LIB_PATH"):
        return os.environ["LLAMA_CPP_LIB_PATH"]
    if "llama_cpp" in sys.modules:
        return PORTABLE
    name, folder = chosen()
    if folder is not None:
        os.environ["LLAMA_CPP_LIB_PATH"] = str(folder / "lib")
    return name


def build(name: str, root: Path | None = None, uv: str | None = None) -> Path:
    """Compile llama-cpp-python (the installed version) with the variant's flags and keep its
    libraries under `root/<name>/lib`. Minutes of compiling; uv's build cache is bypassed, since
    it keys a wheel by its source, not by the flags it was built with."""
    from nlq.model import atomic_dir

    variant = _variant(name)
    root = root or builds_root()
    uv = uv or shutil.which("uv")
    if uv is None:
        raise FillError("`uv` is not on PATH", hint="install uv (pip install uv) to build llama.cpp variants")
    version = installed_version()
    with tempfile.TemporaryDirectory(prefix=f"nlq-{name}-") as scratch, atomic_dir(root / name) as staged:
        target = Path(scratch) / "site"
        env = {**os.environ, "CMAKE_ARGS": variant.cmake_args,
               "CMAKE_BUILD_PARALLEL_LEVEL": os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)}
        # --no-config: the project's pinned portable CMAKE_ARGS must not override the variant's.
        command = [uv, "pip", "install", "--no-config", "--no-cache", "--no-deps", "--python", sys.executable,
                   "--target", str(target), f"{_DISTRIBUTION}=={version}"]
        done = subprocess.run(command, env=env, cwd=scratch, capture_output=True, text=True)
        libraries = target / "llama_cpp" / "lib"
        if done.returncode != 0 or not libraries.is_dir():
            raise FillError(f"building llama-cpp-python {version} ({name}) failed: {done.stderr.strip()[-2000:]}",
                            hint="a C/C++ compiler and cmake are needed, as for `uv sync`")
        shutil.copytree(libraries, staged / "lib", symlinks=True)
        (staged / _RECORD).write_text(json.dumps({"variant": name, "version": version, "flags": sorted(variant.flags),
                                                  "cmake_args": variant.cmake_args}, indent=1))
    return root / name
