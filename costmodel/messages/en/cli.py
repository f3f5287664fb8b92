"""Texts of the command line (tables, verdicts, notes, CLI errors) (en): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- list gpus / models / schemes
    'cli.col.profile': 'GPU profile',
    'cli.col.name': 'Name',
    'cli.col.memory': 'Memory',
    'cli.col.visible': 'Driver-visible',
    'cli.col.bandwidth': 'Bandwidth',
    'cli.col.bf16': 'BF16 dense',
    'cli.col.preset': 'Model preset',
    'cli.col.attention': 'Attention',
    'cli.col.layers': 'Layers',
    'cli.col.params': 'Parameters',
    'cli.col.max_position': 'Max position [tokens]',
    'cli.col.scheme': 'Scheme',
    'cli.col.options': 'Options (default first)',
    'cli.col.scheme_params': 'Parameters (default)',
    'cli.col.exact': 'Exact',
    'cli.col.training': 'Training needed',
    'cli.col.field': 'config.json field',
    'cli.col.min': 'Min',
    'cli.col.max': 'Max',
    'cli.col.id': 'Engine',
    'cli.col.versions': 'Versions measured',
    'cli.col.err_tput': 'Error: throughput',
    'cli.col.err_ttft': 'Error: TTFT',
    'cli.col.err_tpot': 'Error: TPOT',
    'cli.engines_note': (
        'Errors: median |predicted / measured - 1| with each published source held out of the fit '
        '(validation/published; python -m validation --published). ideal: the roofline, an upper bound with '
        'no measured band.'
    ),
    'cli.row.ttft': 'Time to first token',
    'cli.from_model': 'from model',
    'cli.yes': 'yes',
    'cli.no': 'no',
    # ---- estimate
    'cli.title': (
        '{model} on {gpu} ×{tp}: {scheme}; context {context} × batch {batch}; KV {kv_dtype}, weights '
        '{weight_dtype}; memory per GPU'
    ),
    'cli.col.quantity': 'Quantity',
    'cli.col.value': 'Value',
    'cli.row.weights': 'Weights',
    'cli.row.kv': 'KV cache (whole batch)',
    'cli.row.activations': 'Activations',
    'cli.row.reserve': 'Runtime reserve',
    'cli.row.total': 'Total per GPU',
    'cli.row.capacity': 'GPU capacity (driver-visible)',
    'cli.row.verdict': 'Verdict',
    'cli.row.kv_token': 'KV per token (all layers, one sequence)',
    'cli.row.fixed': 'Fixed state per sequence',
    'cli.row.max_context': 'Max context at batch {batch} [tokens]',
    'cli.row.max_batch': 'Max batch at this context',
    'cli.row.prefill': 'Prefill ({n} tokens)',
    'cli.row.decode': 'Decode (whole batch)',
    'cli.row.speed': 'Speed',
    'cli.no_speed': 'none: no tokens/s for a configuration that does not fit',
    'cli.row.attention': 'Attention FLOPs per GPU',
    'cli.attention_value': '{token} GFLOP/token, {step} GFLOP/step',
    'cli.quantization': 'checkpoint quantization: {quant}',
    'cli.decode_value': '{step} per step = {rate} tokens/s ({bound})',
    'cli.prefill_value': '{time} ({bound})',
    'cli.bound.memory': 'memory-bound',
    'cli.bound.compute': 'compute-bound',
    'cli.onchip': '{bound}, KV on chip',
    'cli.fits': 'FITS ({free} free)',
    'cli.no_fit': 'DOES NOT FIT: short by {short}',
    'cli.unbounded': 'not limited by memory',
    'cli.short_by': 'short by {short}',
    'cli.infinite': '∞ = not limited by memory (constant-size state)',
    # ---- compare
    'cli.cmp_title': (
        '{model} on {gpu} ×{tp}; context {context} × batch {batch}; KV {kv_dtype}, weights {weight_dtype}; '
        'memory per GPU'
    ),
    'cli.col.kv_token': 'KV/token',
    'cli.col.kv_gpu': 'KV cache',
    'cli.col.total': 'Total',
    'cli.col.fit': 'Fit',
    'cli.col.max_ctx': 'Max context [tokens]',
    'cli.col.max_batch': 'Max batch',
    'cli.col.decode': 'Decode [tokens/s]',
    'cli.col.speedup': 'Speedup',
    'cli.col.attn_flops': 'Attention [GFLOP/token]',
    'cli.ratios_note': (
        'ratios against {base} (--baseline): speedup = decode tokens/s, attention = attention FLOPs per '
        'token (context-dependent part, per GPU; MACs = FLOPs/2)'
    ),
    'cli.advice_for': '{schemes}: {advice}',
    'cli.note': 'note: {note}',
    'cli.col.prefill': 'Prefill',
    'cli.warning': 'warning: {warning}',
    'cli.warning_for': 'warning ({schemes}): {warning}',
    'cli.not_applicable': 'not applicable: {scheme}: {reason}',
    # ---- errors raised by the command line itself
    'cli.error': 'error: {error}',
    'cli.not_int': 'not an integer: {value!r}',
    'cli.not_number': 'not a number: {value!r}',
    'cli.cannot_write_file': 'cannot write {path}: {reason}',
    'cli.cannot_read': 'cannot read {path}: {reason}',
    'cli.cannot_read_input': 'cannot read the input: {reason}',
    'cli.cannot_write': 'cannot write the output: {reason}',
    'cli.internal': 'internal error ({kind}); please report it with the command that caused it',
    # ---- claims table (claims subcommand; the pages show the same verdict words)
    'claims.verdict.ok': 'OK',
    'claims.verdict.differs': 'DIFFERS',
    'claims.verdict.cited': 'CITED (not checkable by a cost model)',
    'claims.cli_summary': (
        '{ok} of {n} checkable claims hold within tolerance; {cited} accuracy figures are cited, not '
        'checkable by a cost model.'
    ),
    'cli.col.onchip': 'On-chip (weights/caches)',
    'cli.gpus_note': "Accelerators: Memory is the main memory (an SRAM-only part's SRAM); '—' BF16: no dense 16-bit rate published (no speed is given); on-chip: the largest on-chip tier that can hold weights or caches (tiers per profile: list gpus --json).",
    'cli.row.placement': 'Decode step placement ({rule}), per chip',
    'cli.row.chips': 'Chips per replica',
    'cli.chips_value': '{chips} ({stages} pipeline stages of SRAM-only chips; hand-offs {hop} per step)',
    'cli.no_speed_rate': 'none: the vendor publishes no dense rate for this precision (see the warning)',
    # ---- claims table (cli_claims.py)
    'cli.claims.quoted': 'Quoted',
    'cli.claims.computed': 'kvcost',
    'cli.claims.tol': 'tolerance',
    'cli.claims.assumptions': 'Assumptions',
    'cli.claims.explanation': 'Explanation',
    'cli.title_replica': '{model} on {gpu} ×{tp}: {scheme}; context {context} × batch {batch}; KV {kv_dtype}, weights {weight_dtype}; memory per replica of {chips} chips',
    'cli.row.total_replica': 'Total per replica ({chips} chips)',
    'cli.row.capacity_replica': 'Capacity of the replica ({chips} chips)',
}
