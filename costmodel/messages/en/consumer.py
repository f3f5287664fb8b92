"""Consumer GPUs and laptops: GGUF/AWQ/GPTQ formats, llama.cpp KV types, partial offload, host CPUs (en):
``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- storage formats (costmodel.dtypes)
    'fmt.note.kv_gguf': (
        'llama.cpp -ctk/-ctv {name}: blocks of 32 elements with fp16 scales; a quantized V cache needs flash '
        'attention (-fa)'
    ),
    'fmt.note.kv_fp8_e5m2': 'e5m2 (vLLM kv_cache_dtype=fp8_e5m2): wider range, no scaling needed',
    'fmt.note.awq4': 'AWQ int4: one fp16 scale and a 4-bit zero point per 128 weights (4.16 bits); dequantized to fp16',
    'fmt.note.gptq4': (
        'GPTQ int4: one fp16 scale and a packed 4-bit zero point per 128 weights (4.16 bits); dequantized to fp16'
    ),
    # ---- host CPU profiles (costmodel.hosts)
    'host.bad_toml': 'host profile {origin} is not valid TOML: {detail}',
    'host.invalid': 'host profile {origin}: {where}: {detail}',
    'host.id_mismatch': 'host profile {file} has id {id!r}; the id must equal the file name',
    'host.unknown': 'unknown host CPU {key!r}; closest profiles: {known} (all of them: kvcost list hosts)',
    # ---- partial offload (costmodel.offload, costmodel.estimate)
    'off.engine': (
        'layers in system RAM (--gpu-layers/--host) are modelled for llama.cpp: use engine llamacpp (or ideal), '
        'not {engine}'
    ),
    'off.accelerator': 'layers in system RAM (--gpu-layers/--host, engine llamacpp) are modelled for GPUs, not for {gpu}',
    'off.tp': 'partial offload is modelled on one GPU; got tp {tp}',
    'off.unified': 'unified memory: GPU and CPU share one pool, so --gpu-layers moves no bytes here',
    'off.partial': (
        '{k} of {n} layers on the GPU: {gb:.1f} GB of weights and KV cache in system RAM, read by the {host} CPU '
        'every token'
    ),
    # ---- command line (costmodel.cli, cli_tables, cli_lists)
    'cli.col.host': 'Host profile',
    'cli.col.cores': 'Cores',
    'cli.col.offload_bw': 'Offload bandwidth',
    'cli.row.gpu_layers': 'Layers on the GPU',
    'cli.gpu_layers_value': '{k} of {n} (-ngl {ngl})',
    'cli.row.host_bytes': 'In system RAM ({host})',
    'cli.row.max_gpu_layers': 'Most layers that fit',
    'cli.row.decode_split': 'Decode step by device',
    'cli.decode_split_value': 'GPU {gpu} + host {host} + PCIe {transfer}',
    # ---- fit advice (costmodel.advice)
    'adv.gpu_layers': '-ngl {ngl} ({k} of {n} layers on the GPU, the rest in system RAM)',
}
