"""Partial offload (costmodel.offload) and host CPU profiles (costmodel.hosts), checked by hand.

The hand case: Llama-2-7B (32 layers, d 4096, ffn 11008, 32 heads x 128, vocab 32000) as a GGUF Q4_0 file (every
layer tensor Q4_0 = 18 bytes per 32 weights; output.weight Q6_K = 210 bytes per 256; norms F32), f16 KV cache,
4096-token context, batch 1, RTX 4090 + Ryzen 9 7950X, ``-ngl 16``, the ``ideal`` engine (roofline, bandwidth
efficiency 0.8 on the GPU; the host at 0.6 of DDR5-5200 dual channel = 49.92 GB/s).
"""
from __future__ import annotations

import pytest

from costmodel import estimate
from costmodel.estimate import InputError
from costmodel.hosts import HOST_BW_EFFICIENCY, HostError, default_host, get_host, load_hosts
from costmodel.hardware import get_profile

LAYER_PARAMS = 4 * 4096 * 4096 + 3 * 4096 * 11008  # q, k, v, o + gate, up, down = 202,375,168
LAYER_BYTES = LAYER_PARAMS * 18 // 32 + 2 * 4096 * 4  # Q4_0 + two F32 norm vectors = 113,868,800
EMBED_BYTES = 32000 * 4096 * 18 // 32  # token_embd Q4_0 = 73,728,000 (always in host memory)
OUTPUT_MATRIX = 32000 * 4096 * 210 // 256  # output.weight Q6_K = 107,520,000
OUTPUT_BYTES = OUTPUT_MATRIX + 4096 * 4  # + output_norm F32
KV_TOKEN_LAYER = 2 * 32 * 128 * 2  # K and V, 32 heads x 128, f16 = 16,384 bytes


@pytest.fixture(scope="module")
def case():
    return estimate("llama-2-7b", "rtx-4090", context=4096, weight_dtype="q4_0", kv_dtype="f16", engine="ideal",
                    gpu_layers=16, host="ryzen-9-7950x")


def test_hand_case_memory_per_device(case):
    assert LAYER_BYTES == 113_868_800
    o = case.offload
    # -ngl 16: layers 16..31 on the GPU, layers 0..15 + the input embedding + the output layer (ngl <= 32) on the host
    assert (o.gpu_layers, o.output_on_gpu) == (16, False)
    assert o.gpu_weight_bytes == 16 * LAYER_BYTES == 1_821_900_800
    assert o.host_weight_bytes == 16 * LAYER_BYTES + EMBED_BYTES + OUTPUT_BYTES == 2_003_165_184
    assert o.gpu_kv_bytes == o.host_kv_bytes == 16 * KV_TOKEN_LAYER * 4096 == 1_073_741_824
    assert case.memory.weight_bytes == o.gpu_weight_bytes and case.memory.kv_bytes == o.gpu_kv_bytes
    d = case.to_dict()
    assert (d["gpu_layers"], d["host_bytes"]) == (16, 2_003_165_184 + 1_073_741_824)


def test_hand_case_decode_time(case):
    o = case.offload
    # one token reads half the layer weights (norms incl. the final one split evenly), the KV cache of its 16 layers
    # (4096 cached + 1 new row) and, on the host, the output matrix
    layer_read = 32 * (LAYER_BYTES) + 4096 * 4
    kv_half = 16 * KV_TOKEN_LAYER * 4097
    gpu_bytes = layer_read / 2 + kv_half
    assert o.decode_gpu_s == pytest.approx(gpu_bytes / (1.008e12 * 0.8), rel=1e-9)  # 3.59 ms
    host_bytes = layer_read / 2 + OUTPUT_MATRIX + kv_half
    assert o.decode_host_s == pytest.approx(host_bytes / (2 * 5200e6 * 8 * 0.6), rel=1e-9)  # 60.2 ms
    # the hidden state (4096 fp32) crosses PCIe Gen4 x16 once: 32 GB/s per direction x 0.87
    assert o.decode_transfer_s == pytest.approx(4096 * 4 / (32e9 * 0.87), rel=1e-9)
    assert case.tpot_s == pytest.approx(o.decode_gpu_s + o.decode_host_s + o.decode_transfer_s)
    assert case.to_dict()["decode_split"] == {"gpu_s": o.decode_gpu_s, "host_s": o.decode_host_s,
                                              "transfer_s": o.decode_transfer_s}
    assert 15 < case.decode_tokens_per_s < 16


def test_how_many_layers_fit_by_hand():
    # RTX 4060 (8,585,740,288 B visible), 16K context: per GPU layer 113,868,800 B weights + 16,384 x 16,384 B KV;
    # reserve 1 GiB; activations: 8192-token chunk x (4 x 4096 + 2 x 11008) x 2 B + 32000 x 4 B logits
    act = 8192 * (4 * 4096 + 2 * 11008) * 2 + 32000 * 4
    free = 8_585_740_288 - 2**30 - act
    per_layer = LAYER_BYTES + KV_TOKEN_LAYER * 16384
    assert free // per_layer == 18
    e = estimate("llama-2-7b", "rtx-4060", context=16384, weight_dtype="q4_0", kv_dtype="f16", engine="ideal",
                 gpu_layers=18)
    assert e.fits and e.offload.max_ngl == 18 and e.to_dict()["max_gpu_layers"] == 18
    assert not estimate("llama-2-7b", "rtx-4060", context=16384, weight_dtype="q4_0", kv_dtype="f16",
                        engine="ideal", gpu_layers=19).fits


def test_all_layers_keep_only_the_input_embedding_on_the_host():
    e = estimate("llama-2-7b", "rtx-4090", context=4096, weight_dtype="q4_0", engine="llamacpp")
    o = e.offload
    assert (o.gpu_layers, o.output_on_gpu, o.ngl) == (32, True, 33)
    assert o.gpu_weight_bytes == 32 * LAYER_BYTES + OUTPUT_BYTES and o.host_weight_bytes == EMBED_BYTES
    assert o.decode_host_s == 0.0 and o.host_kv_bytes == 0


def test_tied_output_is_duplicated_onto_the_gpu():
    # gemma-2-9b ties its output to the token embedding: llama.cpp loads it on the host (input) and on the GPU (output)
    e = estimate("gemma-2-9b", "rtx-4090", context=4096, weight_dtype="q4_k_m", engine="llamacpp")
    o = e.offload
    from costmodel.gguf import quantize
    from costmodel.presets import get_model
    g = quantize(get_model("gemma-2-9b"), "q4_k_m")
    embed = sum(t.nbytes for t in g.tensors if t.name == "token_embd")
    assert o.host_weight_bytes == embed and o.gpu_weight_bytes == g.nbytes  # every tensor + the duplicate


def test_unified_memory_moves_nothing():
    e = estimate("llama-2-7b", "apple-m2-ultra-192gb", context=4096, weight_dtype="q4_0", engine="llamacpp",
                 gpu_layers=8)
    assert e.offload.unified and e.offload.host_bytes == 0 and e.gpu_layers == 32
    assert any("unified memory" in w for w in e.warnings)


def test_offload_refused_for_other_engines_and_tensor_parallelism():
    with pytest.raises(InputError, match="llamacpp"):
        estimate("llama-2-7b", "rtx-4090", context=4096, engine="vllm", gpu_layers=16)
    with pytest.raises(InputError, match="one GPU"):
        estimate("llama-2-7b", "rtx-4090", context=4096, engine="llamacpp", gpu_layers=16, tp=2)
    with pytest.raises(InputError):
        estimate("llama-2-7b", "rtx-4090", context=4096, engine="llamacpp", gpu_layers=-1)
    with pytest.raises(HostError):
        estimate("llama-2-7b", "rtx-4090", context=4096, engine="llamacpp", host="pentium-4")


def test_host_profiles_load_with_sources():
    hosts = load_hosts()
    assert {"ryzen-9-7950x", "ryzen-9-9950x", "core-i9-14900k", "core-ultra-9-285k", "epyc-9654",
            "xeon-platinum-8480plus", "threadripper-pro-7995wx"} <= set(hosts)
    for h in hosts.values():
        # theoretical bandwidth = channels x MT/s x 8 bytes
        assert h.mem_bw_bytes_per_s.value == h.memory_channels.value * h.memory_mt_s.value * 1e6 * 8, h.id
        for name in type(h).model_fields:
            fig = getattr(h, name)
            if hasattr(fig, "source"):
                assert len(fig.source) > 10 and fig.as_of, (h.id, name)


def test_host_bandwidth_measured_else_derated():
    # EPYC 9654: half of a 2-socket triad of 496.633 GB/s; the 7950X has no measurement: 83.2 GB/s x 0.6
    assert get_host("epyc-9654").bw_bytes_per_s == 248.3e9
    assert get_host("ryzen-9-7950x").bw_bytes_per_s == pytest.approx(83.2e9 * HOST_BW_EFFICIENCY)
    assert HOST_BW_EFFICIENCY == 0.6  # measured/theoretical: 0.54 (EPYC), 0.61 (Xeon), 0.63 (Ryzen 7 7700)


def test_default_host_follows_the_gpu():
    assert default_host(get_profile("rtx-4090")).id == "ryzen-9-7950x"
    assert default_host(get_profile("rtx-4050-laptop")).id == "ryzen-9-7950x"
    assert default_host(get_profile("h100-pcie-80gb")).id == "epyc-9654"


def test_advice_offers_fewer_gpu_layers():
    # Llama-3-70B Q4_K_M does not fit a 24 GB card whole; the advice names the largest -ngl that fits
    from costmodel.advice import fit_options
    e = estimate("llama-3-70b", "rtx-4090", context=8192, weight_dtype="q4_k_m", kv_dtype="f16", engine="llamacpp")
    assert not e.fits
    opts = [o for o in fit_options("llama-3-70b", "rtx-4090", context=8192, weight_dtype="q4_k_m", kv_dtype="f16",
                                   engine="llamacpp", current=e) if o.kind == "gpu_layers"]
    assert [o.value for o in opts] == [str(e.offload.max_ngl)] and opts[0].fits
    n = e.offload.max_ngl
    assert opts[0].change == f"-ngl {n} ({n} of 80 layers on the GPU, the rest in system RAM)"


def test_placement_follows_the_offload():
    """With -ngl 20 of Llama-3-70B's 80 layers on an RTX 4090, the decode-step placement puts on the GPU's GDDR
    exactly the weights and KV the offload keeps there and the rest in host DRAM (it used to show the whole model in
    GDDR on a 24 GB card); the memory time is the offload's decode split."""
    from costmodel import estimate

    e = estimate("llama-3-70b", "rtx-4090", context=8192, weight_dtype="q4_k_m", gpu_layers=20,
                 host="ryzen-9-7950x", engine="llamacpp")
    off, pl = e.offload, e.placement
    assert off is not None and pl is not None and pl.rule == "llamacpp"
    assert pl.bytes_per_tier["gddr"] == off.gpu_weight_bytes + off.gpu_kv_bytes
    assert pl.bytes_per_tier["host_dram"] == off.host_bytes == e.to_dict()["host_bytes"]
    assert pl.bytes_per_tier["gddr"] < 24e9 < off.host_bytes
    assert pl.mem_s == off.decode_gpu_s + off.decode_host_s + off.decode_transfer_s
