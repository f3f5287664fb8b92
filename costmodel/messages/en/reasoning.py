"""Reasoning, warnings, notes and evidence texts (en): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- why a scheme does not apply
    'why.gqa_divide': '{g} KV heads must divide the {n} query heads',
    'why.mla_encdec': 'MLA is defined for decoder self-attention; cross-attention over the encoder is not covered',
    'why.mla_rank': 'kv_lora_rank must be at least 1',
    'why.mla_rope_dim': 'rope_dim {rope_dim:,} exceeds the head dimension {head_dim:,}',
    'why.mla_rank_big': 'kv_lora_rank {rank:,} is wider than the full per-token K+V it compresses ({full:,})',
    'why.tmla_is_mla': 'the model already uses MLA',
    'why.tmla_encdec': 'TransMLA converts decoder-only GQA/MHA checkpoints',
    'why.tmla_mqa_dim': 'qk_mqa_dim {dim} exceeds head_dim {head_dim}',
    'why.tmla_not_smaller': 'latent {new} elements/token/layer is not smaller than the original cache {orig}',
    'why.tmla_equal_mha': (
        'the model is MHA: every query head already has its own K and V, so an equal-cache conversion '
        'changes nothing (use the compressed conversion, transmla)'
    ),
    'why.tpa_encdec': 'TPA is defined for decoder self-attention; cross-attention is not covered',
    'why.slim_mla': 'slim attention needs MHA with an invertible W_K; this model uses MLA',
    'why.slim_gqa': (
        'slim attention needs MHA; with {kv_heads} KV heads the K+V cache ({kv}/token/layer) is '
        '{ratio:.2f}x d_model ({d}), so K alone cannot replace it'
    ),
    'why.slim_wk': 'W_K is {d}x{e} (h*d_k < d_model): not invertible, K does not determine V',
    'why.slim_rope': 'option 2 caches the layer input X, which does not support RoPE; use option 1',
    'why.recurrent_encdec': (
        'a recurrent state replaces causal self-attention; cross-attention over the encoder is not covered'
    ),
    # ---- what it takes to adopt a scheme
    'train.gqa': 'uptraining (~5% of pre-training compute) when converting from MHA',
    'train.mha': 'none (the standard layout)',
    'train.mqa': 'uptraining or pre-training (quality loss vs MHA)',
    'train.mla': 'pre-training (or TransMLA conversion + fine-tune)',
    'train.transmla': (
        'post-hoc conversion (RoRoPE + PCA) + fine-tune; the compressed cache loses accuracy until '
        'fine-tuned (LLaMA-2-7B 512+64: WikiText-2 perplexity 5.47 -> 41.6 right after conversion; ~6B '
        'tokens to recover per the paper)'
    ),
    'train.transmla_equal': (
        'post-hoc conversion with the cache unchanged: exact at conversion (the up-projections start as '
        "GQA's head repeat), then fine-tuned for the accuracy gain; no memory saved"
    ),
    'train.tpa': 'pre-training with TPA (no post-hoc conversion)',
    'train.slim': 'none: exact rewrite of a trained MHA checkpoint (W_KV = W_K^-1 W_V computed offline)',
    'train.linear': 'pre-training (or distillation) of a recurrent model',
    # ---- where a scheme's headline reduction comes from (Compare notes it against another baseline)
    'headline.tpa': (
        "the paper's 'order of magnitude smaller cache' is against MHA (21.3x at R_K = R_V = 1, h 32, d_h "
        '64); against a GQA-8 model it is about 3x'
    ),
    'headline.transmla': (
        "the paper's 93% is LLaMA-2-7B, an MHA model; on a GQA-8 model the same 576 elements save 72%, on "
        'GQA-4 44%'
    ),
    'headline.slim': "'2x smaller' is against MHA, the only attention it applies to",
    'headline.mla': (
        "DeepSeek-V2's 93.3% is against DeepSeek 67B (GQA-8, BF16 cache) and adds ~6-bit KV quantization to "
        'MLA'
    ),
    'headline.loglinear': (
        "'logarithmic memory' is against softmax attention's KV cache (the paper's Transformer is MHA); a "
        'GQA cache is already several times smaller'
    ),
    'note.headline': (
        '{scheme}: {headline}. Against your baseline {base}: cache at this context x{ratio:.3g} of the '
        "baseline's, attention FLOPs per token x{flops:.3g}."
    ),
    # ---- estimate warnings
    'warn.fp32': '{gpu} lists no fp32 rate; fp32 attention is timed at the 16-bit tensor rate (optimistic)',
    'warn.defaulted': "config.json does not give {fields} (its config class's default, used as transformers uses it); check that it is this model's",
    'warn.max_position': "context {context:,} exceeds the model's max_position_embeddings {max_position:,}",
    'warn.link_domain': 'tp={tp} exceeds the {domain}-GPU fast-link domain of {gpu}; collectives use PCIe',
    'warn.desktop_tp': (
        'tp={tp}: one {gpu} machine holds {n} card(s), without NVLink; {tp} of them cannot serve as one '
        'tensor-parallel replica (collectives would cross PCIe and the network)'
    ),
    'warn.replicated': '{scheme}: the cached latent/K rows are replicated on each of the {tp} GPUs',
    'warn.kv_heads': 'tp={tp} exceeds the KV heads; KV heads are replicated',
    'warn.quantized': (
        'the checkpoint is pre-quantized ({quant}); weights are sized as {dtype}: choose the weight dtype '
        "'checkpoint' to size them as stored"
    ),
    'warn.fp8': '{gpu} has no fp8 tensor path; fp8 weights run at the 16-bit rate',
    'warn.levels': (
        'log-linear attention needs {levels} levels at {context:,} tokens; a model built for {built_for:,} '
        'tokens has {built}'
    ),
    'warn.trained': '{scheme} requires a model trained with it: {training}',
    'warn.converted': "{scheme} is a conversion of the model's own attention: {training}",
    # ---- fleet: the target and the sizing reasoning
    'dem.users': '{users} concurrent users at {context:,} tokens',
    'dem.tokens_per_s': '{rate} generated tokens/s at {context:,} tokens context',
    'dem.requests': '{rate} requests/day of {prompt:,} prompt + {output:,} output tokens',
    # ---- ROI
    'roi.no_payback': '{scheme} costs no less than the baseline {base}: no payback',
    # ---- "what would make it fit"
    'adv.kv': 'KV cache {dtype}',
    'adv.weights': 'weights {dtype}',
    'adv.tp': 'tensor parallel x{tp}',
    'adv.beyond_link': 'beyond the {domain}-GPU fast-link domain',
    'adv.tp_pcie': 'over PCIe (no NVLink): slow, two all-reduces per layer per token',
    'adv.tp_refused': (
        'Tensor parallel beyond {n} card(s) is not proposed: one {gpu} machine holds {n} (consumer cards '
        'have no NVLink and each needs its own PCIe slot).'
    ),
    'adv.would_need': 'does not fit — would need: {options}.',
    'adv.would_need_none': 'does not fit, and no single change makes it fit.',
    'adv.or': '; or ',
    'adv.context': 'context {context:,} tokens',
    'adv.batch': 'batch {batch}',
    # ---- evidence behind the default assumptions
    'asm.why.bw_efficiency': (
        'Fraction of datasheet memory bandwidth reached by decode. Streaming copies reach 85-92% (H100 PCIe '
        '90%, onnxruntime #32382; A100 87%); tuned batch-1 decode 65-85% (gpt-fast: Llama-2-7B 69%, 70B TP2 '
        '73% on A100).'
    ),
    'asm.why.flops_efficiency': (
        'Fraction of dense peak reached by large GEMMs/attention: best-shape BF16 GEMM 80% on H100 '
        '(ml-engineering MAMF), FlashAttention-3 75%; MI300X only 51%.'
    ),
    'asm.why.link_efficiency': (
        'Fraction of NVLink/PCIe speed reached by collectives: NVLink4 p2p 83% (NVIDIA/nccl #1264).'
    ),
    'asm.why.allreduce_latency_s': (
        'Fixed time of one small all-reduce (two per layer per step under tensor parallelism): ~6 us on 2x '
        'H100 NVLS (NVIDIA/nccl #1259), 10-34 us ring on DGX-A100 without CUDA graphs (nccl-tests #123), '
        '2.3-3 us best-tuned on H200/B200 (NVIDIA/nccl #1940).'
    ),
    'asm.why.reserve_bytes': 'CUDA context, allocator fragmentation and workspaces, held back from the capacity.',
    'asm.why.reserve_fraction': "Extra fraction of capacity held back (vLLM's gpu_memory_utilization=0.9 is 0.10).",
    'asm.why.prefill_chunk_tokens': 'Tokens processed at once in (chunked) prefill; sets the activation peak.',
    'asm.why.activation_bytes_per_elem': 'Activation precision in bytes (bf16 = 2).',
    'asm.why.measured_bw': (
        "Use the GPU profile's own measured streaming-bandwidth fraction instead of the bandwidth "
        'efficiency above, where the profile has one (A100 80GB SXM 0.834, A100 40GB 0.871, A100 PCIe '
        '0.893, H100 PCIe 0.904, RTX 3090 0.912; sources in each profile).'
    ),
    'asm.why.sram_fraction': (
        'Share of L2 the KV working set may use to count as on-chip resident (then its reads are served on '
        'chip and leave HBM traffic).'
    ),
    # ---- storage-format notes
    'fmt.note.kv_fp8': 'e4m3 with per-tensor scales (vLLM kv_cache_dtype=fp8): no per-element overhead',
    'fmt.note.kv_int8': 'per-tensor/per-head static scales: no per-element overhead',
    'fmt.note.kv_int4': 'one fp16 scale per 32 elements (KIVI / Q4_0-style): 4.5 bits per element',
    'fmt.note.w_fp8': 'fp8 GEMMs where the GPU supports them',
    'fmt.note.w_int8': 'weight-only, per-channel scales; dequantized to bf16',
    'fmt.note.w_int4': 'GPTQ/AWQ-style: fp16 scale + zero per 128 weights (4.25 bits); dequantized to bf16',
    # ---- unit words (i18n.unit): symbols such as GB, GiB, W, USD stay as they are
    'unit.fraction': 'fraction',
    'unit.ratio': 'ratio',
    'unit.years': 'years',
    'unit.h': 'h',
    'unit.tokens': 'tokens',
    'unit.GPU-h': 'GPU-h',
    'unit.USD/GPU-h': 'USD/GPU-h',
    'unit.USD/kW-month': 'USD/kW-month',
    'unit.USD/server-month': 'USD/server-month',
    'unit.fraction/year': 'fraction/year',
    'unit.USD/server': 'USD/server',
    'unit.USD/GPU-year': 'USD/GPU-year',
    'unit.USD/GPU-month': 'USD/GPU-month',
    'unit.USD/unit-h': 'USD/unit-h',
    'unit.GPUs': 'GPUs',
    'unit.x': 'x',
    'unit.groups': 'groups',
    'unit.params': 'params',
    'unit.levels': 'levels',
    'unit.elements': 'elements',
    'unit.elements/layer': 'elements/layer',
    'unit.elements/token': 'elements/token',
    'unit.elements/token/layer': 'elements/token/layer',
    'unit.B/token': 'B/token',
    'unit.B/token/layer': 'B/token/layer',
    'unit.FLOP/token/layer': 'FLOP/token/layer',
    'unit.MAC/token': 'MAC/token',
    # ---- check_claim verdicts
    'verdict.not_applicable': 'No: {reason}',
    'verdict.error': 'Cannot check: {error}',
    'verdict.fits': 'Yes: {total} of {cap} per GPU ({free} free); about {rate:,.0f} tokens/s decode',
    'verdict.weights': 'No: the weights alone need {weights} per GPU; it has {cap}',
    'verdict.no_fit': 'No: needs {total} per GPU (KV cache {kv}); it has {cap}',
    'warn.sram_bw': '{gpu}: the bandwidth of its {tier} is not published, so no read is timed from it (kvcost does not guess one): weights and caches are read from {main}',
    'warn.multichip': '{gpu} has no off-chip memory: one replica spans {chips:,} chips ({stages:,} pipeline stages x tp {tp}); memory figures are for the whole replica, and the hand-offs between stages add {hop} per step',
    'warn.engine_accel': "{engine}'s time terms were measured on GPUs, not on {gpu}: the speeds are a GPU engine's, not this accelerator's (use the ideal engine for the roofline bound)",
    'warn.engine_tiers': "{engine}'s time terms read everything at the main memory's bandwidth; the multi-tier placement applies to the ideal engine only",
    'warn.no_rate': '{gpu} publishes no dense 16-bit rate (published: {have}; {why}): its times count memory and links only, so no speed is shown',
    # ---- what adopting a scheme takes, in a word or two (table cells)
    'effort.none': 'none',
    'effort.exact': 'none (exact rewrite)',
    'effort.native': 'none (native)',
    'effort.uptrain': 'uptraining',
    'effort.convert': 'conversion + fine-tune',
    'effort.pretrain': 'pre-training',
    # ---- Compare: a scheme that adds parameters
    'note.params_added': (
        '{scheme} adds {delta} parameters against {base} ({share:.1%} of the model): its attention block holds {attn} '
        "parameters over the {layers} layers where {base}'s projections hold {base_attn}. The extra weights count in "
        'memory and are read at every decode step.'
    ),
    # ---- what would make it fit: more GPUs
    'adv.gpus_to_fit': (
        '{gpus} × {gpu} would hold it ({dep}: tensor parallel within a server, pipeline stages across servers; '
        '{servers} server(s)), as the Fleet & ROI page deploys a replica.'
    ),
    'adv.gpus_to_fit_none': 'Even one replica of {gpus} × {gpu} would not hold it.',
}
