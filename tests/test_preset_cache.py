"""The committed parse of the presets (costmodel/preset_specs.json) is current, and using it keeps transformers out."""
import json
import subprocess
import sys
from pathlib import Path

from costmodel import hflib, preset_cache
from costmodel.hfconfig import parse_config_text
from costmodel.presets import preset_files

ROOT = Path(__file__).resolve().parent.parent


def test_cache_is_current_regenerate_with_python_m_costmodel_preset_cache():
    data = json.loads(preset_cache.CACHE_PATH.read_text(encoding="utf-8"))
    assert data["transformers"] == hflib.version() == preset_cache.transformers_version()
    files = preset_files()
    assert set(data["presets"]) == set(files)
    for pid, path in files.items():
        raw = path.read_bytes()
        assert data["presets"][pid]["sha256"] == preset_cache.digest(raw), pid
        assert preset_cache.cached_spec(pid, raw) == parse_config_text(raw), pid


def test_a_changed_file_is_a_miss():
    raw = preset_files()["llama-3.1-8b"].read_bytes()
    assert preset_cache.cached_spec("llama-3.1-8b", raw + b" ") is None
    assert preset_cache.cached_spec("no-such-preset", raw) is None


def test_presets_load_without_importing_transformers():
    code = ("import sys; from costmodel import estimate, load_presets; load_presets(); "
            "estimate('deepseek-v3', 'h100-sxm-80gb', context=4096); print('transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_adhoc_claim_configs_are_current_and_equal_to_a_fresh_parse():
    from costmodel.claims_base import ADHOC_CONFIGS
    from costmodel.hfconfig import spec_from_config

    data = json.loads(preset_cache.CACHE_PATH.read_text(encoding="utf-8"))
    assert set(data["adhoc"]) == set(ADHOC_CONFIGS)
    for name, cfg in ADHOC_CONFIGS.items():
        assert preset_cache.cached_adhoc(name, cfg) == spec_from_config(cfg, name=name), name
    changed = {**ADHOC_CONFIGS["tpa-2048"], "num_hidden_layers": 2}
    assert preset_cache.cached_adhoc("tpa-2048", changed) is None  # another config is parsed, never served stale


def test_claims_are_checked_without_importing_transformers():
    code = ("import sys; from costmodel.claims import evaluate_claims; rows = evaluate_claims(); "
            "print(len(rows) > 100, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]
