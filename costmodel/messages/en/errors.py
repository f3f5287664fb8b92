"""User-facing error messages (en): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- generic number checks (fleet, roi)
    'num.not_number': '{name} must be a number, got {value!r}',
    'num.not_whole': '{name} must be a whole number, got {value!r}',
    'num.not_positive': '{name} must be a positive finite number, got {value}',
    'num.not_finite': '{name} must be a finite number, got {value}',
    'num.at_least': '{name} must be at least {lo:g}, got {value:g}',
    'num.between': '{name} must be at least {lo:g} and at most {hi:g}, got {value:g}',
    'num.slo_name': 'SLO tokens/s per user',
    # ---- token counts (units.parse_tokens)
    'tok.not_count': '{text!r} is not a token count; write e.g. 131072, 128K, 1M or 1e6',
    'tok.not_whole': 'not a whole token count: {text!r}',
    'tok.too_large': 'token count too large: {text!r}',
    # ---- config.json (hfconfig)
    'cfg.too_big': 'config.json is {size:,} bytes; the limit is {limit:,}',
    'cfg.bad_json': 'config.json is not valid JSON: {detail}',
    'cfg.not_object': 'config.json must be a JSON object',
    'cfg.too_deep': 'config.json is nested deeper than {limit} levels',
    'cfg.not_int': '{key} must be an integer, got {value}',
    'cfg.not_positive': '{key} must be a positive integer, got {value}',
    'cfg.below': '{key} must be at least {lo:,}, got {value}',
    'cfg.too_large': '{key} must be at most {hi:,}, got {value}',
    'cfg.long_number': 'config.json has a number with {digits:,} digits; at most {limit:,} are read',
    'cfg.missing': 'config has none of {keys}',
    'cfg.invalid_at': '{where}: {detail}',
    'cfg.invalid': '{detail}',
    'cfg.wrong_type': 'config has a field of the wrong type ({detail})',
    'cfg.layer_types': 'layer_types has {n} entries for {layers} layers',
    'cfg.head_dim': 'hidden_size {d} is not divisible by num_attention_heads {h}; give head_dim',
    'cfg.not_divisible': '{a} {x} is not divisible by {b} {y}',
    'cfg.not_str': '{key} must be a string, got {value}',
    'cfg.unknown_type': (
        "model_type {model_type} is not known to transformers {version} nor to kvcost's hand mappings "
        "(chatglm, RefinedWeb, kimi_k2); enter the model's fields by hand"
    ),
    'cfg.recurrent': (
        'model_type {model_type} is a purely recurrent model (no attention layers, no KV cache); kvcost does not '
        'read such configs yet (the linear and gated_deltanet schemes size a recurrent state on an attention model)'
    ),
    'cfg.hybrid': (
        'model_type {model_type} mixes attention with recurrent (Mamba/linear) layers; kvcost does not size '
        'such hybrids yet'
    ),
    'cfg.library': 'transformers refused this {model_type} config: {detail}',
    'cfg.layer_kind': 'layer_types has a layer kind kvcost does not size: {kind}',
    'cfg.read_library': 'read with transformers {version} ({model_type})',
    'cfg.read_hand': "{model_type}: remote-code format, read by kvcost's hand mapping",
    'cfg.read_alias': "model_type {model_type} read as transformers' {target}",
    'cfg.read_generic': 'no model_type: fields read by name',
    # ---- pydantic validation details (English = pydantic's own text)
    'pyd.value_error': '{error}',
    'pyd.ge': 'Input should be greater than or equal to {limit}',
    'pyd.le': 'Input should be less than or equal to {limit}',
    'pyd.gt': 'Input should be greater than {limit}',
    'pyd.lt': 'Input should be less than {limit}',
    'pyd.min_length': 'String should have at least {limit} characters',
    'pyd.max_length': 'String should have at most {limit} characters',
    'pyd.other': '{detail}',
    # ---- model spec consistency (spec.ModelSpec)
    'spec.kv_heads': 'num_attention_heads ({h}) must be a multiple of num_key_value_heads ({kv})',
    'spec.sliding_count': 'more sliding-window and chunked layers than layers',
    'spec.sliding_size': 'sliding-window layers need a sliding_window size',
    'spec.chunk_size': 'chunked-attention layers need an attention_chunk_size',
    'spec.moe_count': 'more MoE layers than layers',
    'spec.moe_fields': 'MoE layers need n_routed_experts, experts_per_token and moe_d_ff',
    'spec.moe_topk': 'experts_per_token exceeds the number of routed experts',
    'spec.mla_rope': 'MLA needs 0 < qk_rope_head_dim < head_dim (qk_nope + qk_rope)',
    'spec.encoder': 'an encoder-decoder model needs encoder layers and an encoder length',
    # ---- presets
    'preset.no_file': 'no such config file: {path}',
    'preset.unknown': 'unknown model {key!r}; use a preset (closest: {presets}; all: kvcost list models), hf:org/name or a config.json path',
    # ---- Hugging Face Hub (hub)
    'hub.bad_id': 'not a Hugging Face model id: {value}; write hf:org/name or hf:org/name@revision',
    'hub.offline': (
        'config.json of {repo} is not in the local cache and the Hub is offline (HF_HUB_OFFLINE is set); '
        'download it once online or unset HF_HUB_OFFLINE'
    ),
    'hub.unreachable': 'cannot reach {endpoint} to download config.json of {repo}, and it is not in the local cache',
    'hub.no_repo': '{repo}: no such model on the Hub, or it is private (set HF_TOKEN)',
    'hub.gated': '{repo} is gated: accept its license on the Hub and set HF_TOKEN',
    'hub.no_revision': '{repo} has no revision {revision}',
    'hub.no_config': '{repo} has no config.json',
    'hub.failed': 'cannot download config.json of {repo}: {detail}',
    # ---- workload inputs (estimate, sweep, fleet)
    'in.not_int': '{name} must be an integer, got {value!r}',
    'in.range': '{name} must be between {lo:,} and {hi:,}, got {value:,}',
    'in.state_dtype': 'state dtype must be one of {choices}',
    'in.grid': '{name} must be a non-empty list of integers in 1..{hi:,}',
    'in.demand': 'demand must be made with fleet.users(), fleet.tokens_per_s() or fleet.requests_per_day()',
    # ---- storage formats
    'fmt.bits': 'bits must be in 1..64, got {bits}',
    'fmt.unknown_kv': "unknown KV dtype {name!r}; choose from {choices} or e.g. '6bit'",
    'q.unsupported': "the checkpoint's quantization method {method} cannot be sized; choose a weight dtype",
    'fmt.unknown_weight': 'unknown weight dtype {name!r}; choose from {choices}',
    # ---- hardware profiles
    'hw.needs_16bit': 'flops_per_s needs a bf16 or fp16 entry (or flops_per_s.bf16 named under [absent] as not published)',
    'hw.no_rate': '{gpu}: no FLOP/s figure for {dtype}',
    'hw.bad_toml': '{origin}: not valid TOML ({detail})',
    'hw.invalid': '{origin}: {where}: {detail}',
    'hw.id_mismatch': '{file}: id {id!r} must equal the file name',
    'hw.unknown': 'unknown GPU {key!r}; closest profiles: {known} (all of them: kvcost list gpus)',
    # ---- schemes
    'sch.bad_option': '{scheme}: option must be one of {options}, got {value!r}',
    'sch.not_applicable': '{scheme} does not apply to {model}: {reason}',
    'sch.unknown_param': '{scheme}: unknown parameter {name!r} (parameters: {names})',
    'sch.no_params': '{scheme}: unknown parameter {name!r} (parameters: none)',
    'sch.param_int': '{scheme}: {name} must be an integer, got {value!r}',
    'sch.unknown': 'unknown scheme {key!r}; choose from {choices}',
    'sch.bad_args': '{scheme}: {detail}',
    'sch.int_range': '{scheme}: {name} must be an integer in {lo}..{hi}, got {value!r}',
    'tp.heads': 'tensor parallelism {tp} does not divide the {n} attention heads (vLLM needs heads % tp == 0)',
    'tp.kv_split': (
        'tensor parallelism {tp} does not divide the {n} KV heads (vLLM needs KV heads % tp == 0 when tp < '
        'KV heads)'
    ),
    'tp.kv_replicate': (
        'tensor parallelism {tp} is not a multiple of the {n} KV heads (vLLM replicates KV heads only when '
        'tp % KV heads == 0)'
    ),
    'sch.no_groups': '{scheme} takes no groups (use gqa:groups=N)',
    'sch.tmla_equal_ranks': (
        "transmla:equal keeps the model's own K/V width as its latent; it takes no kv_lora_rank or "
        'qk_mqa_dim (use transmla:kv_lora_rank=...,qk_mqa_dim=... to compress)'
    ),
    'sch.slim_order': 'slim: order must be optimized or unoptimized, got {value!r}',
    # ---- ROI and assumptions
    'roi.no_schemes': 'no schemes to cost',
    'roi.baseline_range': 'baseline index {index} out of range 0..{last}',
    'roi.unknown_metric': 'unknown metric {metric!r}',
    'asm.range': '{name} must be between {lo:g} and {hi:g} {unit}, got {value}',
    'asm.not_switch': '{name} must be true or false, got {value}',
    'hw.tdp_absent': 'tdp_w: give a sourced figure or name it under [absent] as not published',
    'hw.memory_pair': 'memory_bytes and mem_bw_bytes_per_s go together (or both come from the main memory tier)',
    'hw.no_memory': 'memory_bytes is required when the profile lists no memory_tiers',
    'hw.tier_twice': 'memory_tiers: each tier name once, got {names}',
    'hw.main_bw': 'memory_tiers: the main memory tier {tier!r} needs a bandwidth',
    'hw.tier_disagrees': 'memory_tiers: {tier} is {tier_value:g} but the flat field says {flat:g}; they must agree',
    'hw.no_main': '{gpu}: no main memory tier (hbm, gddr, lpddr, dram or sram)',
    'hw.rate_unpublished': '{gpu} publishes no dense {dtype} or 16-bit rate (published: {have}); kvcost does not guess one, so it gives no speed here',
    'pl.rule': 'unknown placement rule {rule!r}; choose one of {choices}',
    'pl.no_sram': '{gpu}: no usable on-chip memory (sram_fraction is 0)',
}
