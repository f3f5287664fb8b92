"""CLI contracts of issue #19: --weight-dtype GGUF/awq4/gptq4/mxfp4/nvfp4 names, llama.cpp/vLLM --kv-dtype names,
--gpu-layers N, --host PROFILE, `list hosts`; JSON gains gpu_layers, host_bytes and decode_split."""
import json

from costmodel.cli import main


def run_json(capsys, *args) -> dict:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_gpu_layers_and_host_in_json(capsys):
    out = run_json(capsys, "estimate", "--model", "llama-2-7b", "--gpu", "rtx-4090", "--context", "4096",
                   "--weight-dtype", "q4_0", "--kv-dtype", "f16", "--gpu-layers", "16", "--host", "ryzen-9-7950x")
    # engine defaults to llamacpp when the flags describe a llama.cpp run; 16 of 32 layers on the GPU (tests/
    # test_offload.py derives the bytes): host = 16 layers + token_embd + output (Q6_K) + their KV cache
    assert out["engine"] == "llamacpp" and out["gpu_layers"] == 16 and out["host"] == "ryzen-9-7950x"
    assert out["host_bytes"] == 2_003_165_184 + 1_073_741_824
    split = out["decode_split"]
    assert set(split) == {"gpu_s", "host_s", "transfer_s"} and split["host_s"] > split["gpu_s"] > 0
    assert abs(sum(split.values()) - out["decode_s_per_token"]) < 1e-12


def test_default_engine_keeps_everything_on_the_gpu(capsys):
    out = run_json(capsys, "estimate", "--model", "llama-2-7b", "--gpu", "h100-sxm-80gb", "--context", "4096")
    assert out["engine"] == "trtllm" and out["gpu_layers"] == 32 and out["host_bytes"] == 0
    assert out["decode_split"] == {"gpu_s": out["decode_s_per_token"], "host_s": 0.0, "transfer_s": 0.0}


def test_weight_and_kv_names(capsys):
    for w in ("q4_k_m", "q8_0", "iq4_xs", "awq4", "gptq4", "mxfp4", "nvfp4"):
        out = run_json(capsys, "estimate", "--model", "qwen2.5-7b", "--gpu", "rtx-4090", "--context", "4096",
                       "--weight-dtype", w, "--engine", "ideal")
        assert out["weight_dtype"] == w
    out = run_json(capsys, "estimate", "--model", "qwen2.5-7b", "--gpu", "rtx-4090", "--context", "4096",
                   "--weight-dtype", "q4_k_m")
    assert out["weight_bytes"] + out["host_bytes"] == 4_677_120_000  # llama-bench README @5a32f10 model_size
    for kv in ("q8_0", "q4_0", "f16", "fp8_e4m3", "fp8_e5m2"):
        out = run_json(capsys, "estimate", "--model", "qwen2.5-7b", "--gpu", "rtx-4090", "--context", "4096",
                       "--kv-dtype", kv, "--engine", "ideal")
        assert out["kv_dtype"] == ("fp16" if kv == "f16" else kv)


def test_bad_host_and_engine_are_one_line_errors(capsys):
    assert main(["estimate", "--model", "llama-2-7b", "--gpu", "rtx-4090", "--context", "4096", "--host",
                 "pentium-4"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown host CPU 'pentium-4'" in err
    assert main(["estimate", "--model", "llama-2-7b", "--gpu", "rtx-4090", "--context", "4096", "--gpu-layers", "8",
                 "--engine", "vllm"]) == 2
    assert "llamacpp" in capsys.readouterr().err


def test_list_hosts(capsys):
    out = run_json(capsys, "list", "hosts")
    by_id = {h["id"]: h for h in out}
    assert by_id["epyc-9654"]["offload_bw_bytes_per_s"] == 248.3e9  # half of a 2-socket triad of 496.633 GB/s
    assert main(["list", "hosts"]) == 0
    assert "ryzen-9-7950x" in capsys.readouterr().out


def test_table_shows_the_split(capsys):
    assert main(["estimate", "--model", "llama-3-70b", "--gpu", "rtx-4090", "--context", "8K", "--weight-dtype",
                 "q4_k_m", "--gpu-layers", "40"]) == 0
    text = capsys.readouterr().out
    assert "40 of 80 (-ngl 40)" in text and "In system RAM (ryzen-9-7950x)" in text and "Most layers that fit" in text
