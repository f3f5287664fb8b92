"""Statements and explanations of the source articles' claims (en): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- assumptions the computed figures make
    'claim.asm': '{model}; {weights} weights; BF16 KV cache; {ctx:,} tokens; batch {batch}{extra}',
    'claim.asm.mla': '; MLA as kvcost builds it on this shape (d_c = 4 d_h = 512, d_R = 64, absorbed)',
    'claim.asm.scheme_mha': '; MHA (64 KV heads)',
    'claim.asm.scheme_gqa': "; GQA-8 (the model's own)",
    'claim.asm.scheme_mqa': '; MQA (1 KV head)',
    'claim.asm.scheme_mla': '; MLA d_c 512 + d_R 64',
    'claim.asm.loglinear': '; log-linear Mamba-2 with fla defaults (15 levels at 16K, fp32 state) against the KV cache',
    'claim.asm.shape': (
        '{model} shape (64 query heads of 128); per cached token per layer, whatever the format, context or '
        'batch; MLA d_c 512, d_R 64, absorbed'
    ),
    'claim.asm.100b': 'a dense 100B-parameter model: its int4 weights (4.25 bits each) alone, before any KV cache',
    'claim.asm.tpa': (
        "{model}; TPA with R_Q 6, R_K = R_V = 2 (the paper's pre-training setting); elements per token per "
        'layer'
    ),
    'claim.asm.qwen7b': (
        'Qwen2.5-7B (28 layers, 28 query heads, 4 KV heads of 128, 7.62B parameters); parameter counts do '
        'not depend on format, context or batch'
    ),
    'claim.asm.tmla_speedup': (
        'LLaMA-2-7B, BF16 weights and KV, 8,192 tokens, one H100 SXM 80GB, each scheme at the largest batch '
        "that fits (kvcost's ideal roofline engine)"
    ),
    # ---- the MLA article (consumer GPUs)
    'claim.mla-art-70b-saving': "MLA cuts a 70B model's VRAM from 40 GB to 28 GB (12 GB saved)",
    'claim.mla-art-70b-saving.why': (
        'kvcost: 42.72 GB without MLA, 42.06 GB with it: 0.66 GB saved. MLA shrinks the KV cache from 2.68 '
        'to 0.75 GB (-1.93 GB), but its attention weights (a 64-d RoPE slice per query head plus the latent '
        "projections) add 2.39B parameters, +1.27 GB in int4. The article's 40 GB is this model in 4 bits "
        '(40.6 GB at 4K); 28 GB would need ~12 GB less weight memory, i.e. ~3-bit weights: quantization, '
        'not MLA.'
    ),
    'claim.mla-art-70b-rtx4080': '... so the 70B model runs on an RTX 4080 (16 GB)',
    'claim.mla-art-70b-rtx4080.why': (
        'With MLA it needs 42.06 GB (38.75 GB of int4 weights alone); the card shows 17.17 GB (16 GiB). '
        'Tensor parallelism does not help: consumer cards have no NVLink and kvcost models one card per '
        'desktop.'
    ),
    'claim.mla-art-qwen72b-saving': "MLA cuts Qwen-72B's VRAM from 28 GB to 18 GB (10 GB saved)",
    'claim.mla-art-qwen72b-saving.why': (
        'kvcost: 43.89 GB without MLA, 43.23 GB with it: 0.66 GB saved (KV 2.68 -> 0.75 GB, weights +1.27 '
        'GB). Neither 28 nor 18 GB matches Qwen2.5-72B in 4 bits; 18 GB would be about 2 bits per weight.'
    ),
    'claim.mla-art-qwen72b-rtx4070': '... and Qwen-72B then runs on an RTX 4070 (12 GB)',
    'claim.mla-art-qwen72b-rtx4070.why': (
        'It needs 43.23 GB with MLA; the card shows 12.88 GB. No single change makes it fit on one RTX '
        '4070.'
    ),
    'claim.mla-art-3090ti-speedup': 'MLA speeds token generation on an RTX 3090 Ti from 12.8 to 15.6 tokens/s (+22%)',
    'claim.mla-art-3090ti-speedup.why': (
        'The article does not name the model. For Llama-3.1-8B (int4, 8K, batch 1) kvcost gets 159 -> 183 '
        'tokens/s, x1.15: decode is memory bound and MLA cuts the bytes read per step from 5.06 to 4.40 GB '
        '(KV 1.07 -> 0.30 GB against 4.3 GB of weights). With BF16 weights the gain is 2%; it grows with '
        'context and batch and vanishes for short prompts.'
    ),
    'claim.mla-art-3090ti': 'On an RTX 3090 Ti a 70B model needs {quoted:.0f} GB with {scheme}',
    'claim.mla-art-3090ti-mha.why': (
        'MHA: 42.47 GB of int4 weights + 21.47 GB of KV at 8K = 66.50 GB in all, far from 40 GB and from '
        "the card's 25.76 GB."
    ),
    'claim.mla-art-3090ti-gqa.why': 'GQA-8: 37.48 GB of weights + 2.68 GB of KV: 42.72 GB; it does not fit 25.76 GB.',
    'claim.mla-art-3090ti-mqa.why': (
        'MQA: 36.86 GB of weights + 0.34 GB of KV: 39.74 GB, the smallest of the four: MQA caches 256 '
        'elements per token per layer, MLA 576.'
    ),
    'claim.mla-art-3090ti-mla.why': (
        'MLA: 38.75 GB of weights + 0.75 GB of KV: 42.06 GB, more than MQA (39.74 GB) and about the same as '
        'GQA. The claimed 40/36/32/28 ordering with MLA smallest is impossible.'
    ),
    'claim.mla-art-mla-below-mqa': 'MLA needs less memory than MQA (28 GB vs 32 GB)',
    'claim.mla-art-mla-below-mqa.why': (
        "Per token per layer MLA caches d_c + d_R = 512 + 64 = 576 elements, MQA 2 d_h = 256: MLA's cache "
        "is 2.25x MQA's (DeepSeek-V2 Table 1: MLA equals GQA with 2.25 groups)."
    ),
    'claim.mla-art-attn-flops-vs-mqa': 'Absorbed MLA costs only 25% more attention compute than MQA',
    'claim.mla-art-attn-flops-vs-mqa.why': (
        'Per cached token per layer: MLA 2 x 64 heads x (2 x 512 + 64) = 139,264 FLOPs; MQA (and GQA, MHA: '
        'sharing K/V does not change the math) 2 x 64 x (128 + 128) = 32,768. That is 4.25x, +325%, not '
        '+25%: absorbed MLA reads 3.6x fewer cache bytes than GQA-8 and does 4.25x its attention FLOPs.'
    ),
    'claim.mla-art-4070-beats-3090ti': 'With MLA an RTX 4070 beats an RTX 3090 Ti by 15%',
    'claim.mla-art-4070-beats-3090ti.why': (
        'Decode is memory bound: 504 GB/s against 1,008 GB/s, so the RTX 4070 generates half as many '
        'tokens/s (92 vs 183 for Llama-3.1-8B int4 with MLA). MLA shrinks the bytes on both cards alike; it '
        'cannot reverse the order.'
    ),
    'claim.mla-art-llama3-8b-rtx4060': 'Llama-3-8B runs on an RTX 4060 (8 GB) only after MLA',
    'claim.mla-art-llama3-8b-rtx4060.why': (
        "Without MLA, Llama-3-8B (the Llama-3.1-8B shape) in int4 at 8K needs 7.15 GB of the card's 8.59 "
        'GB: it already runs. In BF16 it needs 18.9 GB, and MLA (18.6 GB) does not make it fit. The weight '
        'format decides, not MLA.'
    ),
    'claim.mla-art-72b-rtx4060': 'With MLA a 72B model runs on an RTX 4060',
    'claim.mla-art-72b-rtx4060.why': (
        'Qwen2.5-72B with MLA needs 43.23 GB (39.9 GB of int4 weights); the card shows 8.59 GB.'
    ),
    'claim.mla-art-100b-rtx4080': 'With MLA a 100B model runs on an RTX 4080',
    'claim.mla-art-100b-rtx4080.why': (
        '100B int4 weights alone take 50 GB of data + 3.1 GB of group scales = 53.1 GB, three times the '
        "card's 17.17 GB. MLA only changes the KV cache."
    ),
    'claim.mla-art-72b-gguf-rtx4050': 'A 72B GGUF model with MLA runs on an RTX 4050 laptop GPU',
    'claim.mla-art-72b-gguf-rtx4050.why': (
        'Qwen2.5-72B as a GGUF Q4_K_M file is 47.41 GB (llama-quantize keeps attn_v and ffn_down at 6-8 bits on half '
        'the layers). With every layer on the GPU (-ngl 99; llama.cpp keeps the 0.70 GB token embedding in system '
        'RAM) the card must hold 46.71 GB of weights + 2.68 GB of f16 KV at 8K + 0.09 GB of compute buffer + 1.07 GB '
        'of reserve = 50.56 GB; the 6 GB laptop GPU shows 6.44 GB. MLA only shrinks the KV cache and adds attention '
        'weights, so with it the need is no smaller than ~48 GB. Offloaded, 8 of the 80 layers fit (next row).'
    ),
    'claim.mla-art-gguf8-40pct': 'GGUF 8-bit weights save a further 40% of memory',
    'claim.mla-art-gguf8-40pct.why': (
        'Holds as weight quantization: Llama-3.1-8B at 8K needs 18.95 GB with BF16 weights and 11.42 GB as a GGUF '
        'Q8_0 file (8.53 GB of weights: 8.5 bits per weight, 34 bytes per 32) : -39.7%; the weights alone -47%. It '
        'is independent of MLA, which changes the KV cache (1.07 GB here).'
    ),
    # ---- TransMLA both ways
    'claim.transmla-equal-params': "TransMLA's equal-cache conversion adds only 1.3% parameters (KV cache unchanged)",
    'claim.transmla-equal-params.why': (
        'Equal-cache conversion (v1): the cached latents stay the original K and V (2 n_kv d_h); '
        'up-projections W_UK, W_UV (n_kv d_h -> n_h d_h, 512 -> 3,584 each) are added: 28 layers x 2 x 512 '
        'x 3,584 = 102,760,448 = 1.35% of 7.62B. The 1.3% is Qwen2.5-7B (GQA-4); on an MHA model such as '
        'LLaMA-2-7B an equal-cache conversion changes nothing (every head already has its own K and V), so '
        'kvcost does not offer it there.'
    ),
    'claim.transmla-equal-cache': '... and the KV cache does not change (0% reduction)',
    'claim.transmla-equal-cache.why': (
        '512 + 512 elements per token per layer before and after: the gain is accuracy after fine-tuning, '
        "not memory (and absorbed decode does n_kv = 4x GQA's attention FLOPs)."
    ),
    'claim.transmla-compressed-params': 'The compressed TransMLA conversion (512 + 64) also adds only 1.3% parameters',
    'claim.transmla-compressed-params.why': (
        'kvcost: +3.12% on Qwen2.5-7B. Each query head gains the 64-d RoPE slice (28 x 64 x 3,584 = 6.4M '
        'per layer) and the latent path (3,584 x 576 + 512 x 28 x 256 = 5.7M) replaces K and V (3.7M): '
        '+8.5M per layer. The 1.3% belongs to the equal-cache conversion, which saves no memory; the '
        'compressed one cuts the cache 44% here and loses accuracy until it is fine-tuned.'
    ),
    'claim.transmla-10.6x-speedup': "Compressing 93% of LLaMA-2-7B's KV cache gives a 10.6x speedup at 8K context",
    'claim.transmla-10.6x-speedup.why': (
        'A batch effect: at 8K one H100 holds 16 MHA sequences but 236 converted ones; tokens/s 523 -> '
        "7,592 = 14.5x in kvcost's ideal memory-bound roofline. The measured 10.6x (vLLM) is below this "
        'upper bound, as it should be.'
    ),
    'claim.transmla-math-accuracy': (
        'TransMLA (equal-cache conversion, fine-tuned) raises math accuracy from 81.96 to 87.25'
    ),
    'claim.transmla-math-accuracy.why': (
        'An accuracy figure: a cost model cannot check it (cited with its source). It belongs to the '
        'equal-cache conversion after fine-tuning (cache unchanged, +1.3% parameters), not to the '
        'compressed 93% conversion.'
    ),
    'claim.transmla-conversion-perplexity': (
        'Compressed conversion of LLaMA-2-7B (512 + 64): WikiText-2 perplexity 5.47 -> 41.61 before '
        'fine-tuning'
    ),
    'claim.transmla-conversion-perplexity.why': (
        'An accuracy figure: a cost model cannot check it (cited with its source). The compressed '
        'conversion loses accuracy until it is fine-tuned (Qwen2.5-7B: 6.85 -> 8.41).'
    ),
    'claim.transmla-6b-tokens': 'Only 6B tokens of fine-tuning recover comparable performance',
    'claim.transmla-6b-tokens.why': (
        'An accuracy figure: a cost model cannot check it (cited with its source). Budget the fine-tuning '
        '(GPU-hours) as the migration cost in Fleet & ROI.'
    ),
    # ---- TPA, log-linear attention, Gated DeltaNet
    'claim.tpa-10x-vs-mha': "TPA's cache is about 10x smaller (against MHA, LLaMA-2-7B)",
    'claim.tpa-10x-vs-mha.why': (
        '8,192 / ((2 + 2) x (32 + 128)) = 12.8x: an order of magnitude, as claimed against MHA (21.3x in '
        "the paper's R = 1 shape)."
    ),
    'claim.tpa-10x-vs-gqa8': '... and about 10x smaller on a GQA-8 model (Llama-3.1-8B)',
    'claim.tpa-10x-vs-gqa8.why': (
        '2,048 / 640 = 3.2x: the headline ratio is against MHA; a GQA-8 model already caches 4x less than '
        'MHA.'
    ),
    'claim.tpa-quality-medium': 'TPA (353M) averages 51.41 on 0-shot benchmarks vs MHA 50.11',
    'claim.tpa-quality-medium.why': (
        'An accuracy figure: a cost model cannot check it (cited with its source). Both models were '
        'pre-trained from scratch (TPA cannot be obtained by converting a model).'
    ),
    'claim.loglinear-below-mha-16k': "Log-linear attention's state is much smaller than softmax attention's KV cache",
    'claim.loglinear-below-mha-16k.why': (
        'At 16K on the Llama-3.1-8B shape: 2.02 GB of fp32 level states vs 8.59 GB of MHA cache, 0.23x.'
    ),
    'claim.loglinear-below-gqa8-16k': '... and smaller than a GQA-8 KV cache',
    'claim.loglinear-below-gqa8-16k.why': (
        'Barely: 2.02 GB vs 2.15 GB at 16K (0.94x), because 15 fp32 level states of a Mamba-2-sized layer '
        'are about as large as a GQA-8 cache of 16K BF16 tokens. The gap opens with context (at 128K: 2.42 '
        'vs 17.2 GB); Mamba-2 keeps 0.14 GB and Gated DeltaNet 0.21 GB at any context.'
    ),
    'claim.loglinear-15x-mamba2-16k': 'At 16K log-linear Mamba-2 keeps 15 states where Mamba-2 keeps one',
    'claim.loglinear-15x-mamba2-16k.why': 'L = ceil(log2 16,384) + 1 = 15 levels of the same 48 x 128 x 64 state.',
    'claim.gdn-mid-state': 'Gated DeltaNet (hidden 1536, 6 heads of 192) keeps 442,368 state elements per layer',
    'claim.gdn-mid-state.why': '6 heads x d_k 192 x d_v 384 (expand_v 2); the three short-conv states come on top.',
    # ---- units of the cited rows
    'unit.chips': 'chips',
    'unit.layers': 'layers',
    'unit.tokens/s': 'tokens/s',
    'unit.score': 'score',
    'unit.perplexity': 'perplexity',
    # ---- the MLA article with llama.cpp formats and partial offload (issue #19)
    'claim.asm.gguf': (
        "; llama.cpp with every layer on the GPU (-ngl 99) and the token embedding in system RAM; f16 KV cache (the "
        "same bytes as BF16); the model's own GQA-8 attention (MLA would add attention weights: a lower bound)"
    ),
    'claim.asm.offload': (
        "; llama.cpp partial offload: the most layers that fit on the GPU with their f16 KV cache (512-token "
        "micro-batches), the rest in system RAM on a Ryzen 9 7950X (DDR5-5200, streamed at 49.9 GB/s); the model's own "
        "attention"
    ),
    'claim.mla-art-72b-gguf-rtx4050-offload': '... i.e. all 80 layers of the 72B GGUF model fit on the RTX 4050',
    'claim.mla-art-72b-gguf-rtx4050-offload.why': (
        'With llama.cpp -ngl 8 the card holds 8 of the 80 layers (4.94 GB of weights + 0.27 GB of KV; 6.37 of its '
        '6.44 GB with buffers and reserve); 44.9 GB of weights and KV stay in system RAM. Each token then takes 31 ms '
        'on the GPU and 885 ms on the CPU: about 1.1 tokens/s. It runs, but from system RAM.'
    ),
    'claim.mla-art-70b-rtx4080-offload': '... i.e. all 80 layers of the 70B model fit on the RTX 4080 (GGUF, llama.cpp)',
    'claim.mla-art-70b-rtx4080-offload.why': (
        'As a GGUF Q4_K_M file (42.51 GB) 28 of the 80 layers fit on the 16 GB card (14.49 GB of weights + 0.94 GB of '
        'KV); 29.8 GB stay in system RAM. A token takes 26 ms on the GPU and 584 ms on the CPU: about 1.6 tokens/s.'
    ),
    'claim.mla-art-3090ti-70b-gguf-offload': (
        '... i.e. a 70B model runs on the RTX 3090 Ti (24 GB) with all 80 layers on the GPU (GGUF, llama.cpp)'
    ),
    'claim.mla-art-3090ti-70b-gguf-offload.why': (
        'As a GGUF Q4_K_M file (42.51 GB) 45 of the 80 layers fit on the 24 GB card (23.07 GB of weights + 1.51 GB '
        'of KV); 20.6 GB stay in system RAM. A token takes 33 ms on the GPU and 401 ms on the CPU: about 2.3 '
        'tokens/s, which the host memory bandwidth, not the GPU, decides.'
    ),
}
