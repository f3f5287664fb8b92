"""Statements and explanations of the papers' published claims (en): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- DeepSeek: bytes per token
    'claim.dsv3-kv-bytes-per-token': 'DeepSeek-V3 caches 70,272 bytes per token (BF16, all 61 layers)',
    'claim.dsv3-kv-bytes-per-token.why': (
        '61 layers x (512 latent + 64 RoPE key) x 2 bytes. The table itself was not readable; the value is '
        "the exact arithmetic (a summary confirms '70KB')."
    ),
    'claim.qwen2.5-72b-kv-bytes-per-token': 'Qwen-2.5-72B caches 327,680 bytes per token (BF16)',
    'claim.qwen2.5-72b-kv-bytes-per-token.why': '80 layers x 8 KV heads x 128 x 2 (K,V) x 2 B.',
    'claim.llama-3.1-405b-kv-bytes-per-token': 'LLaMA-3.1-405B caches 516,096 bytes per token (BF16)',
    'claim.llama-3.1-405b-kv-bytes-per-token.why': (
        '126 layers x 8 KV heads x 128 x 2 x 2 B (some mirrors of the base config list 16 KV heads, which '
        'would double it).'
    ),
    'claim.dsv2-93.3-percent-6bit': (
        'DeepSeek-V2 reduces the KV cache by 93.3% vs DeepSeek 67B (V2 KV quantized to ~6 bits, 67B in '
        'BF16)'
    ),
    'claim.dsv2-93.3-percent-6bit.why': (
        '60 x 576 elements at 6 bits = 25,920 B vs 95 x 2 x 8 x 128 x 2 B = 389,120 B: 93.34%. The 93.3% '
        'needs the 6-bit KV quantization of §3.2.3 on top of MLA.'
    ),
    'claim.dsv2-93.3-percent-bf16': 'The 93.3% KV reduction holds at equal precision (both BF16)',
    'claim.dsv2-93.3-percent-bf16.why': (
        'At equal BF16 precision MLA alone gives 1 - 69,120/389,120 = 82.2% (91.1% at 8 bits). The headline '
        'combines MLA with ~6-bit KV quantization against a BF16 GQA-8 baseline.'
    ),
    'claim.dsv2-gqa-2.25-groups': "MLA's KV cache equals GQA with only 2.25 groups (d_c = 4 d_h, d_R = d_h / 2)",
    'claim.dsv2-gqa-2.25-groups.why': '(512 + 64) / (2 x 128) = 2.25.',
    'claim.dsv2-table9-small-mla': 'Small MoE w/ MLA: 15.6K KV elements per token',
    'claim.dsv2-table9-small-mla.why': '27 layers x 576 = 15,552 (the table rounds to 0.1K).',
    'claim.dsv2-table9-large-mla': 'Large MoE w/ MLA: 34.6K KV elements per token',
    'claim.dsv2-table9-large-mla.why': '60 layers x 576 = 34,560.',
    'claim.dsv2-table9-small-mha': 'Small MoE w/ MHA: 110.6K KV elements per token',
    'claim.dsv2-table9-small-mha.why': (
        '27 layers x 2 x 16 heads x 128 = 110,592 (the V2-Lite shape with MHA heads of 128). The large-MHA '
        'row (860.2K) is not reproduced: its head layout is not given.'
    ),
    # ---- MLA absorbed vs naive
    'claim.mla-v3-absorbed-cache': 'Absorbed MLA reads 1,152 B per cached token per layer (BF16)',
    'claim.mla-v3-absorbed-cache.why': '(512 + 64) x 2 B.',
    'claim.mla-v3-naive-cache': 'Naive MLA caches 81,920 B per token per layer (BF16)',
    'claim.mla-v3-naive-cache.why': (
        '128 heads x (128 + 64 K, the RoPE key copied into every head) + 128 x 128 V, x 2 B.'
    ),
    'claim.mla-v3-absorbed-flops': 'Absorbed MLA costs 278,528 FLOPs per cached token per layer',
    'claim.mla-v3-absorbed-flops.why': (
        '2 x 128 x (2 x 512 + 64): scores over [c; k_R] plus values in latent space; 3.4x the naive FLOPs '
        'for 71x fewer bytes.'
    ),
    'claim.mla-v3-naive-flops': 'Naive MLA costs 81,920 FLOPs per cached token per layer',
    'claim.mla-v3-naive-flops.why': '2 x 128 x (128 + 64 + 128).',
    'claim.mla-v3-latent-flops': (
        'MLA caching the latent without absorption costs 33,636,352 FLOPs per cached token per layer'
    ),
    'claim.mla-v3-latent-flops.why': '2 x 512 x 128 x 256 (re-expansion) + 81,920.',
    # ---- TransMLA
    'claim.transmla-86gb-gqa8': 'LLaMA-65B with 8-bit quantization needs over 86 GB to cache 512K tokens (GQA-8 shape)',
    'claim.transmla-86gb-gqa8.why': (
        'Reproduced only by a GQA-8 shape (80 layers x 8 KV heads x 128 x 2 x 1 B x 524,288) = 85.90 GB = '
        "exactly 80 GiB: 'about 86', not 'over 86'."
    ),
    'claim.transmla-86gb-real-llama65b': (
        'The same 86 GB for the real LLaMA-65B (MHA, 64 KV heads) at 8 bits and 512K tokens'
    ),
    'claim.transmla-86gb-real-llama65b.why': (
        'LLaMA-65B is MHA: 2 x 80 x 8,192 x 1 B x 524,288 = 687.2 GB (640 GiB), 8x the quote. 86 GB is '
        'LLaMA-65B at 64K tokens, or a Llama-2-70B-like GQA-8 model at 512K.'
    ),
    'claim.transmla-llama2-7b-93-percent': (
        'Compressing 93% of the KV cache in LLaMA-2-7B (MHA 8,192 -> 576 elements per layer)'
    ),
    'claim.transmla-llama2-7b-93-percent.why': (
        '1 - 576/8,192 = 92.97% with the converter defaults (kv_lora_rank 512 + qk_mqa_dim 64).'
    ),
    'claim.transmla-qwen2.5-72b-reduction': "TransMLA's 576-element cache cuts a GQA-8 model's KV by 71.9%",
    'claim.transmla-qwen2.5-72b-reduction.why': '1 - 576/2,048 = 71.875%: far less than on MHA LLaMA-2-7B.',
    'claim.transmla-hf-naive-larger': (
        'The HF modeling code of a converted LLaMA-2-7B caches 10,240 elements per token per layer'
    ),
    'claim.transmla-hf-naive-larger.why': (
        'It stores decompressed K (128 + 64 per head) and V per head: larger than the original 8,192; the '
        '576-element cache needs the absorbed (vLLM/FlashMLA) path.'
    ),
    # ---- slim attention Table 1
    'claim.slim-table1': '{label}: context memory {quoted:,.0f} activations at {ctx:,} tokens',
    'claim.slim-table1.why': '2 x h x d_k x layers x context; the table rounds to 2-3 significant digits.',
    'claim.slim-table1.why.whisper': 'Self (448) plus cross (1,500) K and V over 32 layers.',
    'claim.slim-table1.why.self': (
        "The table counts one 512-token context per layer; kvcost's encoder-decoder layout also holds the "
        'cross-attention cache over the 512 encoder tokens (2x in total).'
    ),
    'claim.label.gemma-7b': 'CodeGemma-7B (Gemma-7B shape)',
    'claim.label.whisper-large-v3': 'Whisper-large-v3 (enc 1500 / dec 448)',
    'claim.label.whisper-tiny': 'Whisper-tiny (enc 1500 / dec 448)',
    # ---- slim attention §1 (Phi-3) and Table 5 (T5)
    'claim.slim-phi3-kv-25gb-fp8': 'Phi-3-mini-128k at FP8 needs 25 GB of KV cache at 128K',
    'claim.slim-phi3-kv-25gb-fp8.why': (
        'kvcost: 25.77 GB (= 24.0 GiB); the paper writes 25 (its Table 1 says 25.8B activations).'
    ),
    'claim.slim-phi3-kv-12.5gb-fp8': 'Slim attention reduces it to 12.5 GB',
    'claim.slim-phi3-kv-12.5gb-fp8.why': 'Half of 25.77 GB = 12.88 GB.',
    'claim.slim-phi3-total-28.8gb': 'Total memory 28.8 GB (3.8 GB FP8 parameters + 25 GB KV)',
    'claim.slim-phi3-total-28.8gb.why': (
        'kvcost: 3.82 GB of FP8 weights + 25.77 GB = 29.59 GB (the paper rounds both terms down).'
    ),
    'claim.slim-phi3-speedup-bs1': 'Up to 1.8x faster token generation at batch size 1',
    'claim.slim-phi3-speedup-bs1.why': 'Memory-bound ratio of bytes read (weights + cache): 29.59 / 16.70 GB.',
    'claim.slim-phi3-speedup-bs16': '2x faster at batch size 16: (400+3.8)/(200+3.8)',
    'claim.slim-phi3-speedup-bs16.why': '16 x 25.77 + 3.82 vs 16 x 12.88 + 3.82 GB.',
    'claim.slim-t5-11b-32x': 'T5-11B: slim option 2 (X-cache) shrinks the self-attention cache 32x (2r, r = e/d = 16)',
    'claim.slim-t5-11b-32x.why': (
        '2 x 16,384 (K, V) vs 1,024 (X) per token per layer. With the cross cache (dropped) and E (kept '
        'once per sequence) the whole-sequence ratio at 512 tokens is 61x.'
    ),
    # ---- slim attention Table 7 (Whisper-large)
    'claim.slim-whisper-large-cross-kv': 'Whisper-large cross KV-cache 122.9M',
    'claim.slim-whisper-large-cross-kv.why': '2 x 1,500 x 1,280 x 32.',
    'claim.slim-whisper-large-self-kv': 'Whisper-large self KV-cache 36.7M (448 tokens)',
    'claim.slim-whisper-large-self-kv.why': '2 x 448 x 1,280 x 32.',
    'claim.slim-whisper-large-baseline': 'Whisper-large baseline cache 159.6M',
    'claim.slim-whisper-large-baseline.why': 'Cross + self.',
    'claim.slim-whisper-large-option1': 'Whisper-large option 1 cache 79.8M',
    'claim.slim-whisper-large-option1.why': 'K only, self and cross.',
    'claim.slim-whisper-large-option2': 'Whisper-large option 2 cache 18.4M',
    'claim.slim-whisper-large-option2.why': (
        "Self K only, no cross cache. kvcost also holds the encoder output E (1.92M, Table 7's 'E-cache') "
        'once per sequence; the table leaves it out of the cache (assumed on-chip), so it is subtracted '
        'here.'
    ),
    'claim.slim-whisper-large-e-cache': 'Whisper-large encoder E-cache 1.9M',
    'claim.slim-whisper-large-e-cache.why': '1,500 x 1,280.',
    'claim.slim-whisper-option2-savings': 'Option 2 saves 8.7x cache vs baseline',
    'claim.slim-whisper-option2-savings.why': '2 (1500 + 448) / 448 = 8.70 without E; 7.87 with E counted.',
    'claim.slim-whisper-large-params': (
        'Whisper-large baseline parameters read per token: 800.4M (d vocab + l (6 d^2 + 2 d d_ffn))'
    ),
    'claim.slim-whisper-large-params.why': (
        'kvcost counts the same matrices (self Q,K,V,O, cross Q,O, FFN, tied embedding; not the encoder nor '
        'the cross K,V whose outputs are cached) plus what the formula leaves out: the 448 x 1,280 learned '
        'positions, biases and norms, and vocab 51,866 (paper 51,865): 801.7M.'
    ),
    'claim.slim-whisper-large-bs1-option1': 'Whisper-large option 1 speedup at batch 1: 1.03x',
    'claim.slim-whisper-large-bs1-option1.why': (
        "Reads = kvcost's parameters read + the cache (paper accounting): 961.3M / 933.9M."
    ),
    'claim.slim-whisper-large-bs1-option2': 'Whisper-large option 2 speedup at batch 1: 1.04x',
    'claim.slim-whisper-large-bs1-option2.why': '961.3M / 924.9M (E assumed on-chip, as in the paper).',
    'claim.slim-whisper-large-bs64-option1': 'Whisper-large option 1 speedup at batch 64: 1.8x',
    'claim.slim-whisper-large-bs64-option1.why': '(159.6 + 801.7/64) / (79.8 + 854.1/64) = 1.85 (the table shows 1.8).',
    'claim.slim-whisper-large-bs64-option2': 'Whisper-large option 2 speedup at batch 64: 5.3x',
    'claim.slim-whisper-large-bs64-option2.why': (
        '(159.6 + 801.7/64) / (18.35 + 906.6/64) = 5.29, with E not read from memory.'
    ),
    'claim.slim-whisper-large-bs64-option2-kvcost': "The 5.3x batch-64 speedup, with kvcost's decode-step bytes",
    'claim.slim-whisper-large-bs64-option2-kvcost.why': (
        "kvcost's decode step reads E (1,500 x 1,280 per sequence) in each of the 32 cross-attention "
        "layers: as many bytes as option 1's cross K cache, so option 2 gains no more than option 1 "
        '(1.83x). The paper keeps E in on-chip SRAM, which 64 sequences x 3.8 MB (BF16) = 246 MB cannot fit '
        "on current GPUs (H100/H200 L2: 50 MiB; the GPU rule keeps a cache on chip only whole). Where E fits on "
        'chip the paper\'s figure holds: see slim-whisper-large-bs64-option2-sram (d-Matrix Corsair, 5.26x).'
    ),
    # ---- TPA
    'claim.tpa-a4': '{label}: {name} attention costs {quoted:,} MACs per cached token',
    'claim.tpa-a4.why': (
        'ctx_flops_coef / 2: MHA H(d_h + d_h); MLA absorbed H(2 d_c + d_R); FlashTPA R_Q R_K d_h + H R_Q '
        'R_K + H R_V d_h.'
    ),
    'claim.tpa-cache-192': (
        'TPA (R_K = R_V = 1) caches (R_K + R_V)(h + d_h) = 192 elements per token per layer (h 32, d_h 64)'
    ),
    'claim.tpa-cache-192.why': '2 x (32 + 64).',
    'claim.tpa-cache-ratio-21x': "... 21.3x smaller than MHA's 4,096",
    'claim.tpa-cache-ratio-21x.why': '4,096 / 192.',
    'claim.tpa-a4-params-mha': 'MHA (d_model 2048, H 32, d_h 64): 16.8M attention parameters',
    'claim.tpa-a4-params-mha.why': '4 d_model H d_h.',
    'claim.tpa-a4-params-gqa': 'GQA (G 4): 9.4M attention parameters',
    'claim.tpa-a4-params-gqa.why': '2 d_model d_h (H + G).',
    'claim.tpa-a4-params-tpa': 'TPA(16,1,1): 7.7M attention parameters',
    'claim.tpa-a4-params-tpa.why': 'd_model (R_Q + R_K + R_V)(H + d_h) + d_model H d_h.',
    'claim.tpa-a4-params-mla': "MLA (d_c 256, d_R 32, d'_c 768): 9.8M attention parameters",
    'claim.tpa-a4-params-mla.why': "kvcost adds the two RMSNorm vectors (1,024) that Table 1's formula leaves out.",
    # ---- log-linear attention
    'claim.loglinear-15-levels-16k': 'A 16K-token model needs 15 Fenwick levels',
    'claim.loglinear-15-levels-16k.why': 'ceil(log2 16384) + 1.',
    'claim.loglinear-mamba2-mid-state': (
        'Log-linear Mamba-2 (hidden 1536, 48 heads) allocates 5,898,240 state elements per layer at 15 '
        'levels'
    ),
    'claim.loglinear-mamba2-mid-state.why': '15 x 48 x 128 x 64 (plus a conv state kvcost also counts).',
    'claim.mamba2-mid-state': 'Mamba-2 (hidden 1536, 48 heads) keeps 393,216 state elements per layer',
    'claim.mamba2-mid-state.why': '48 x 128 x 64.',
    # ---- "does it fit?" examples
    'ex.qwen72b-mla-rtx4070-8k': 'Qwen2.5-72B with MLA runs on an RTX 4070 at 8K context',
    'ex.qwen72b-mla-int4-rtx4070-8k': "... even with int4 weights (the article's 28 -> 18 GB)",
    'ex.llama3-70b-mla-int4-rtx4080-8k': 'Llama-3-70B with MLA and int4 weights runs on an RTX 4080 at 8K',
    'ex.llama31-8b-int4-rtx4060-8k': 'Llama-3-8B needs MLA to run on an RTX 4060 (here without MLA, int4 weights)',
    'ex.llama65b-int8-512k-h100': (
        'LLaMA-65B with an 8-bit KV cache holds 512K tokens on one H100-80GB (8-bit weights too)'
    ),
    'ex.dsv3-fp8-128k-8xh200': 'DeepSeek-V3 fits on 8x H200 in FP8 at 128K context',
    'ex.llama3-70b-bf16-1xh100': 'Llama-3-70B in BF16 fits on one H100-80GB at 8K',
    'ex.llama3-70b-bf16-2xh100': 'Llama-3-70B in BF16 fits on two H100-80GB (tensor parallel) at 8K',
    'ex.llama31-8b-128k-rtx4090': (
        'Llama-3.1-8B at 128K context fits an RTX 4090 with int4 weights and an int8 KV cache'
    ),
    'ex.mistral7b-32k-rtx4070': 'Mistral-7B (4K sliding window) serves 32K context on an RTX 4070 with int4 weights',
    'ex.phi3-128k-fp8-rtx4090-mha': 'Phi-3-mini-128k at 128K with an FP8 KV cache fits an RTX 4090',
    'ex.phi3-128k-fp8-rtx4090-slim': '... and with slim attention it does',
    'ex.llama2-7b-64x4k-a100': 'One A100-80GB serves Llama-2-7B to 64 concurrent 4K-token sequences',
    'ex.llama2-7b-transmla-64x4k-a100': '... after TransMLA conversion it does',
    'claim.slim-whisper-e-cache-bs64-bytes': 'Slim option 2 keeps the encoder output E on chip: 246 MB for 64 Whisper-large sequences (BF16)',
    'claim.slim-whisper-e-cache-bs64-bytes.why': '64 x 1,500 x 1,280 x 2 B = 245,760,000 B (234 MiB). One chip holds it in on-chip SRAM on the Cerebras WSE-3 (44 GB), a d-Matrix Corsair card (2 GB) and a SambaNova SN40L socket (520 MB); not Trainium2 (224 MiB SBUF: 96%), a Groq LPU (230 MB: 94%), TPU v5e/v6e (128 MiB VMEM), Gaudi 3 (96 MiB) or an H100/H200 (50 MiB L2) (kvcost.sram.onchip_fits).',
    'claim.slim-whisper-large-bs64-option2-sram': 'Where E fits on chip (d-Matrix Corsair, 2 GB SRAM), option 2 at batch 64 is 5.3x faster: E pinned on chip, weights and caches from memory',
    'claim.slim-whisper-large-bs64-option2-sram.why': "The paper's accounting on real tiers (rule encoder-on-chip): E (245.8 MB) sits in the 2 GB SRAM and its 32 reads per step (7.86 GB) take 7.86 GB / (150 TB/s x 0.8) = 66 us; weights and caches stream from LPDDR5X at 400 GB/s x 0.8: MHA 22.04 GB = 68.9 ms, option 2 4.17 GB = 13.0 ms. 68.9 / 13.09 = 5.26x (memory time: decode at batch 64 is memory bound, and d-Matrix publishes no 16-bit rate).",
    'claim.slim-whisper-large-bs64-option2-sram-greedy': "On the same card with kvcost's greedy placement, option 2 at batch 64 is at least 5.3x faster",
    'claim.slim-whisper-large-bs64-option2-sram-greedy.why': 'The greedy rule fills the 2 GB SRAM by reads per stored byte: E first (32), then cache rows (MHA: 2.0 of 20.4 GB; option 2: 1.75 of 2.35 GB), then weights. LPDDR traffic: MHA 20.04 GB = 62.6 ms, option 2 2.41 GB = 7.53 ms (+0.08 ms from SRAM): 8.23x, more than the paper because the SRAM also takes cache that the paper streams from memory.',
    'claim.slim-whisper-large-bs64-option2-wafer': 'Where everything is on chip (Cerebras WSE-3, 44 GB SRAM), option 2 at batch 64 is 5.3x faster',
    'claim.slim-whisper-large-bs64-option2-wafer.why': "Weights and both caches fit the wafer's 44 GB SRAM, so every byte is read at the same 21 PB/s and option 2 saves only bytes: E re-read in 32 layers (7.86 GB) costs as much as option 1's cross K cache: 22.04 GB / 12.03 GB = 1.83x, the same as on a GPU. The paper's 5.3x needs a slower memory that E escapes.",
    'claim.groq-llama2-70b-chips': 'Llama-2-70B on Groq LPUs takes over 500 chips',
    'claim.groq-llama2-70b-chips.why': "A Groq chip has 230 MB of SRAM and no DRAM: FP16 weights (137.9 GB), the 4K-token KV cache (1.34 GB), activations (0.74 GB) and the 1 GiB runtime reserve need 614 chips in one pipeline (kvcost's placement); Groq: 'scaled to over 500 GroqChip'.",
    'claim.groq-llama2-70b-tokens': 'Groq serves Llama-2-70B at 300 tokens/s per user (4K context)',
    'claim.groq-llama2-70b-tokens.why': 'Per token the 614-stage pipeline reads 138 GB of weights and cache at 80 TB/s x 0.8 (2.17 ms) and hands activations across 613 stage boundaries (52 us): 450 tokens/s, an upper bound (ideal engine) above the published 300; per-hop latency and scheduling are not modelled (not published).',
}
