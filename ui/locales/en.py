"""Labels of the Streamlit pages (en)."""

MESSAGES: dict[str, str] = {
    # ---- app / navigation
    'app.title': 'kvcost',
    'app.tagline': 'KV-cache and inference cost model',
    'app.lang': 'Language',
    'app.section.model': 'Model & GPU',
    'app.section.evidence': 'Evidence',
    'app.section.cost': 'Cost',
    'app.footer': 'Every number comes from the costmodel package; sources are listed on each page.',
    'page.fit': 'Fit',
    'page.compare': 'Compare schemes',
    'page.roofline': 'Roofline',
    'page.validation': 'Validation',
    'page.claims': 'Claims check',
    'page.fleet': 'Fleet & ROI',
    # ---- URL state
    'link.title': 'Share this view (link)',
    'link.help': "The browser's address bar holds the same state; copy it or the link below.",
    'notice.bad_param': 'URL parameter {name}={value!r} ignored ({why}); using the default {default}.',
    'notice.none_default': "(the profile's or documented value)",
    'err.unexpected': (
        "Internal error ({kind}: {msg}). Please report it with this page's address; the details are in the "
        'server log.'
    ),
    'err.not_allowed': 'not one of the allowed values',
    'err.not_number': 'not a number',
    'err.range': 'must be between {lo} and {hi}',
    # ---- model picker
    'model.source': 'Model',
    'src.preset': 'Preset',
    'src.upload': 'Upload config.json',
    'src.paste': 'Paste JSON',
    'src.fields': 'Edit fields',
    'src.hf': 'Hugging Face id',
    'model.hf': 'Hugging Face model id',
    'model.hf_help': (
        'org/name or org/name@revision; only config.json is downloaded (uses the local cache, '
        'HF_HUB_OFFLINE and HF_TOKEN).'
    ),
    'model.hf_hint': 'Type a Hugging Face model id, e.g. Qwen/Qwen3-8B (the id is not part of a shared link).',
    'model.hf_fetching': 'Fetching config.json of {ref}…',
    'model.quant': "Checkpoint quantization: {quant}. Weight dtype 'checkpoint' sizes the weights as stored.",
    'model.preset': 'Preset model',
    'model.upload': 'Hugging Face config.json',
    'model.upload_help': 'At most {limit} bytes.',
    'model.upload_hint': 'Upload a config.json to estimate it (an uploaded file is not part of a shared link).',
    'model.upload_kept': 'Using the file uploaded earlier: {name}',
    'model.paste': 'config.json text',
    'model.paste_hint': 'Paste the contents of a config.json (pasted text is not part of a shared link).',
    'model.custom': 'custom model',
    'model.fields_source': 'fields entered by hand',
    'model.summary': '{name}: {layers} layers, {attn}, {params} parameters. Config source: {source}',
    'field.layers': 'Layers',
    'field.d_model': 'd_model (hidden size)',
    'field.heads': 'Attention heads',
    'field.kv_heads': 'KV heads',
    'field.head_dim': 'Head dim',
    'field.d_ff': 'FFN width (d_ff)',
    'field.vocab': 'Vocabulary',
    # ---- workload inputs
    'in.gpu': 'GPU',
    'in.scheme': 'Attention scheme',
    'in.native': 'native: {scheme}',
    'in.not_applicable': 'not applicable',
    'in.tp': 'Tensor parallel GPUs',
    'in.tp_help': 'GPUs one model replica is split over; memory is shown per GPU.',
    'in.context': 'Context (tokens per sequence)',
    'in.context_help': 'e.g. 131072, 128K (x1024), 1M (x1024²) or 1e6',
    'in.batch': 'Batch (concurrent sequences)',
    'in.wdt': 'Weight dtype',
    'in.kvdt': 'KV cache dtype',
    # ---- assumptions / sources
    'as.title': 'Assumptions (efficiency factors, reserves) — editable',
    'as.help': 'Each value comes with the evidence behind its default.',
    'as.bw_efficiency': 'Memory bandwidth efficiency',
    'as.flops_efficiency': 'Compute (FLOP/s) efficiency',
    'as.link_efficiency': 'GPU-GPU link efficiency',
    'as.allreduce_latency_s': 'All-reduce latency per call',
    'as.reserve_bytes': 'Reserved memory',
    'as.reserve_fraction': 'Extra reserved fraction of capacity',
    'as.prefill_chunk_tokens': 'Prefill chunk',
    'as.activation_bytes_per_elem': 'Activation bytes per element',
    'as.measured_bw': "Use the GPU's measured bandwidth efficiency",
    'as.sram_fraction': 'Share of L2 usable for the KV cache',
    'hw.title': 'Hardware figures and sources: {gpu}',
    'cite.title': 'Scheme citations',
    'col.figure': 'Figure',
    'col.as_of': 'As of',
    'col.confidence': 'Confidence',
    # ---- memory parts / charts
    'mem.weights': 'Weights',
    'mem.kv': 'KV cache',
    'mem.activations': 'Activations',
    'mem.reserve': 'Reserve',
    'chart.per_gpu': 'per GPU',
    'chart.capacity': 'capacity {cap}',
    'chart.gb_axis': 'Memory per GPU [GB = 10⁹ bytes]',
    'chart.ctx_axis': 'Context [tokens]',
    'chart.kv_axis': 'KV cache per GPU [GB = 10⁹ bytes]',
    'bound.memory': 'memory-bound',
    'bound.compute': 'compute-bound',
    # ---- fit page
    'fit.title': 'Does it fit?',
    'fit.intro': (
        "Memory per GPU (weights, KV cache, activations, reserve) against the GPU's capacity, with limits "
        'and roofline speed.'
    ),
    'fit.fits': 'Fits: {total} of {cap} used, headroom {headroom}.',
    'fit.no_fit': 'Does not fit: needs {total} but the GPU holds {cap}; {short} short.',
    'fit.per_gpu_note': 'Per GPU with tensor parallelism x{tp} on {gpu}, scheme {scheme}.',
    'fit.kv_per_token': 'KV cache per token (all layers)',
    'fit.kv_total': 'KV cache (batch, per GPU)',
    'fit.weights': 'Weights per GPU',
    'fit.params': '{n} parameters',
    'fit.total': 'Total per GPU',
    'fit.max_context': 'Max context at batch {batch} [tokens]',
    'fit.max_batch': 'Max batch at this context',
    'fit.unbounded': 'not limited by memory',
    'fit.decode': 'Decode speed [tokens/s]',
    'fit.decode_help': 'Whole batch, one replica; {step} per step.',
    'fit.prefill': 'Prefill time ({n} tokens)',
    'fit.bound': 'Decode is {decode} ({step} per step); prefill is {prefill}. {sram}',
    'fit.sram_yes': 'The KV working set fits on chip (L2 {l2}): its reads are served from SRAM.',
    'fit.sram_no': 'The KV working set does not fit on chip (L2 {l2}): it is read from device memory.',
    'fit.attn_flops': (
        'Attention (context-dependent part, per GPU): {token:,.4g} GFLOP per token, {step:,.4g} GFLOP per '
        'decode step of the batch (MACs = FLOPs / 2).'
    ),
    'fit.options_title': 'What would make it fit',
    'fit.options_fits': 'It already fits; no change needed.',
    'fit.options_none': 'No single change makes it fit; combine changes or use more GPUs.',
    'fit.citation': '{scheme}: {citation}. Training needed: {training}.',
    'opt.change': 'Change',
    'opt.value': 'Value',
    'opt.total': 'Total per GPU',
    'opt.headroom': 'Headroom',
    'opt.decode_tokens_per_s': 'Decode [tokens/s]',
    'opt.note': 'Note',
    # ---- compare page
    'cmp.title': 'Compare attention schemes',
    'cmp.intro': (
        'Every applicable scheme on the same model, GPU and workload: cache size, limits, speed, parameters '
        'and what it takes to adopt.'
    ),
    'cmp.baseline': 'Baseline for speedup',
    'cmp.metric': 'Bar chart',
    'cmp.metric.kv_bytes_per_token': 'KV cache per token [bytes]',
    'cmp.metric.decode_tokens_per_s': 'Decode speed [tokens/s]',
    'cmp.metric.speedup': 'Speedup over the baseline [×]',
    'cmp.metric.max_context_tokens': 'Max context [tokens]',
    'cmp.caption': 'Baseline {base}; {gpu} ×{tp}, context {ctx} tokens, batch {batch}. Memory per GPU.',
    'cmp.kv_token': 'KV per token',
    'cmp.fixed': 'Fixed state per sequence',
    'cmp.kv_gpu': 'KV per GPU (batch)',
    'cmp.fits': 'Fits',
    'cmp.max_ctx': 'Max context [tokens]',
    'cmp.decode': 'Decode [tokens/s]',
    'cmp.speedup': 'Speedup',
    'cmp.attn_flops': 'Attention GFLOP/token',
    'cmp.attn_ratio': 'Attention FLOPs vs baseline',
    'cmp.speed_note': (
        'Speeds are shown only for configurations that fit. Attention FLOPs: the context-dependent part of '
        "one decode step per sequence (scores and values over the cache; a recurrent scheme's state "
        'update), all layers, per GPU; MACs = FLOPs / 2.'
    ),
    'cmp.metric.attn_flops_per_token': 'Attention FLOPs per token',
    'cmp.params_delta': 'Params vs baseline',
    'cmp.exact': 'Exact (same outputs)',
    'cmp.training': 'Training needed',
    'cmp.yes': 'yes',
    'cmp.no': 'no',
    'cmp.none': 'No scheme applies to this model.',
    'cmp.base_missing': 'Baseline {base} does not apply to this model; using {used}.',
    'cmp.skipped': 'Not applicable:',
    'cmp.sweep_title': 'KV cache vs context',
    'cmp.line_capacity': 'GPU capacity {cap}',
    'cmp.line_budget': 'capacity − weights of {base} = {cap}',
    'cmp.sweep_note': (
        'Cache of {batch} sequence(s) per GPU at TP {tp}. The lower dashed line is the GPU capacity minus '
        'the weights of the baseline {base}; activations and the reserve are not subtracted. The dotted '
        'line marks the chosen context.'
    ),
    # ---- roofline page
    'roof.title': 'Roofline',
    'roof.intro': (
        "Attainable FLOP/s vs arithmetic intensity for the chosen GPU, with each scheme's decode and "
        'prefill operating point.'
    ),
    'roof.dtype': 'Compute ceiling dtype',
    'roof.dtype_auto': "auto (the weights' compute dtype)",
    'roof.show_prefill': 'Show prefill points',
    'roof.bw': 'Memory bandwidth',
    'roof.peak': 'Peak {dtype} (dense)',
    'roof.ridge': 'Ridge point (datasheet)',
    'roof.derated_ridge': 'Ridge point (with efficiencies)',
    'roof.datasheet': 'datasheet roof ({dtype})',
    'roof.derated': 'derated roof (bandwidth ×{bw}, compute ×{fl})',
    'roof.ridge_label': 'ridge {x} FLOP/B',
    'roof.decode': 'decode',
    'roof.prefill': 'prefill',
    'roof.x_axis': 'Arithmetic intensity [FLOP per byte of device memory traffic]',
    'roof.y_axis': 'Attained [FLOP/s]',
    'roof.note': (
        "A point's intensity is its FLOPs over its device-memory bytes; its height is FLOPs over the "
        'modeled step time (efficiencies included), so points sit on or below the derated roof.'
    ),
    'roof.phase': 'Phase',
    'roof.intensity': 'Intensity [FLOP/B]',
    'roof.achieved': 'Attained',
    'roof.time': 'Time',
    'roof.bound': 'Bound',
    'roof.hbm': 'Device-memory traffic',
    'roof.sram_title': 'On-chip residency of the KV working set',
    'roof.sm_sram': 'SM SRAM (L1/shared + registers, all SMs)',
    'roof.sm_count': 'SMs',
    'roof.kv_set': 'KV working set (batch)',
    'roof.budget': 'On-chip budget',
    'roof.resident': 'On-chip resident',
    'roof.sram_note': (
        "Budget = L2 × {frac} (the 'share of L2' assumption). A resident cache is read from on-chip memory "
        'and leaves device-memory traffic.'
    ),
    # ---- fleet & ROI page
    'fl.title': 'Fleet & ROI',
    'fl.intro': (
        'GPUs and servers each scheme needs for a demand target, what they cost per month and per million '
        'tokens, savings against a baseline, payback, and which assumption matters most.'
    ),
    'fl.kind': 'Target',
    'fl.kind.users': 'Concurrent users',
    'fl.kind.tokens_per_s': 'Generated tokens/s',
    'fl.kind.requests_per_day': 'Requests/day',
    'fl.users': 'Concurrent users (sequences)',
    'fl.tps': 'Generated tokens/s (whole fleet)',
    'fl.rpd': 'Requests per day',
    'fl.prompt': 'Prompt tokens per request',
    'fl.output': 'Output tokens per request',
    'fl.headroom': 'Headroom factor [×]',
    'fl.headroom_help': 'The fleet carries demand × this factor (1.2 = 20% spare).',
    'fl.slo': 'Min tokens/s per user (0 = none)',
    'fl.slo_help': 'Limits the batch per replica so that each user still gets this decode speed.',
    'fl.policy': 'Tensor-parallel choice',
    'fl.policy.fewest_gpus': 'fewest GPUs',
    'fl.policy.smallest': 'smallest TP that fits',
    'fl.schemes': 'Schemes',
    'fl.pick_schemes': 'Choose at least one scheme.',
    'fl.costs': "Cost assumptions (empty = the GPU profile's or the documented default)",
    'fl.costs_help': 'The grey placeholder is the value used; type a number to override it. Hover ⓘ for the source.',
    'fl.required': 'required: the profile has no figure',
    'fl.same_as_cloud': 'same as the cloud price',
    'fl.plan_title': 'Fleet per scheme',
    'fl.feasible': 'Feasible',
    'fl.per_user': 'Tokens/s per user',
    'fl.why': 'How each fleet was sized',
    'fl.none_feasible': 'No scheme gives a feasible fleet; see the reasons above.',
    'fl.roi_title': 'Cost and ROI',
    'fl.roi_caption': 'Savings and payback against {base}. Tokens per month at {util} average utilization of peak.',
    'fl.tornado_title': 'Sensitivity (tornado)',
    'fl.tornado_scheme': 'Scheme',
    'fl.tornado_base': 'baseline: {base}',
    'fl.tornado_metric': 'Metric',
    'fl.pct': 'Swing (± fraction)',
    'fl.tornado_note': 'Each input moved by ±{pct} (within its valid range) for {scheme}, the fleet held fixed.',
    'fl.download': 'Download',
    'fl.xlsx': 'ROI workbook (.xlsx, live formulas)',
    'fl.csv': 'ROI table (.csv)',
    'fl.sources': 'Sources of the cost figures',
    'roi.low': 'input −',
    'roi.high': 'input +',
    # ---- validation page
    'val.title': 'Validation against real runs',
    'val.intro': (
        'A saved run of `python -m validation`: exact-rewrite equivalence, cache bytes to the byte, '
        'parameter counts, decode-step time predicted vs measured, and the published claims.'
    ),
    'val.none': (
        'No results file in validation/results/ yet. Create one with the command below (add --device cuda '
        'on a GPU machine), then reload this page.'
    ),
    'val.run': 'Run',
    'val.field': 'Field',
    'val.ok': 'Result',
    'val.pass': 'pass',
    'val.fail': 'fail',
    'val.sec.equivalence': 'Equivalence checks',
    'val.sec.cache_bytes': 'Exact cache bytes',
    'val.sec.params': 'Parameter counts',
    'val.sec.claims': 'Published claims (in this run)',
    'val.timing_err': 'Timing: median |error|',
    'val.timing': 'Decode-step time: predicted vs measured',
    'val.pred_axis': 'Predicted [s]',
    'val.meas_axis': 'Measured [s]',
    'val.ctx': 'Context [tokens]',
    'val.batch': 'Batch',
    'val.pred': 'Predicted',
    'val.meas': 'Measured',
    'val.ratio': 'Measured / predicted',
    'val.no_timing': 'This run has no measured timing points.',
    'val.quick': 'quick',
    'val.skipped': '{n} point(s) skipped (predicted too slow for this run).',
    'val.probes': 'Machine probes (bandwidth and FLOP/s measured on the device)',
    'val.timing_note': (
        'Predictions use the bandwidth and FLOP/s probed on the same machine; tiny steps are dominated by '
        'per-kernel overheads the roofline ignores.'
    ),
    'val.empty': 'No rows in this run.',
    'val.claims_title': 'Published claims, recomputed now',
    'val.claims_intro': 'Numbers from papers and vendor material, recomputed by the current cost model.',
    'claims.missing': 'The claims table (costmodel.claims) is not available in this build.',
    # ---- claims page
    'claims.title': 'Check a claim',
    'claims.intro': '"Model X with scheme Y fits GPU Z at N tokens": true or false, with the numbers behind it.',
    'claims.examples': 'Examples (click to load)',
    'claims.answer': 'Answer',
    'claims.question': (
        'Does **{model}** with **{scheme}** on **{tp} × {gpu}** hold **{ctx}** tokens × batch **{batch}** '
        '(weights {wdt}, KV cache {kvdt})?'
    ),
    'claims.true': 'TRUE',
    'claims.false': 'FALSE',
    'claims.not_applicable': 'the scheme does not apply: {reason}',
    'claims.model_verdict': 'Cost model: {text}',
    'claims.capacity': 'GPU capacity (per GPU)',
    'claims.summary': '{ok} of {n} published numbers reproduced within tolerance; the others explain why not.',
    'claims.statement': 'Claim',
    'claims.quoted': 'Quoted',
    'claims.computed': 'kvcost',
    'claims.rel_diff': 'Difference',
    'claims.tol': 'Tolerance',
    'claims.explanation': 'Explanation',
    'claims.assumptions': 'Assumptions',
    'claims.cited_summary': '{cited} accuracy figures are cited with their source: a cost model cannot check them.',
    'claims.no_speed': '— (does not fit)',
    'col.bytes': 'Bytes [B]',
    # ---- serving engines (issue 20)
    'in.engine': 'Serving engine',
    'in.engine_help': (
        "Speeds follow this engine's profile, calibrated on published measurements (its error band is shown "
        "next to every speed); 'ideal' is the roofline upper bound. Memory does not depend on the engine."
    ),
    'fit.ttft': 'Time to first token',
    'roof.engine_note': (
        "Operating points are the roofline's (bytes and FLOPs). With {engine} one decode step takes {step}; "
        'the ideal roofline says {ideal}.'
    ),
    'val.pub_title': 'Serving engines vs published measurements',
    'val.pub_intro': (
        'Each point is a published figure (throughput, TTFT, TPOT; sources in '
        "validation/published/SOURCES.md) against kvcost's prediction for that engine, with the source held "
        'out of the fit (leave-one-source-out). `python -m validation --published` regenerates it.'
    ),
    'val.pub_none': 'No published-measurement report yet: run python -m validation --published.',
    'val.pub_engine': 'Engine',
    'val.pub_class': 'Metric',
    'val.pub_split': 'Split',
    'val.pub_median': 'Median |error|',
    'val.pub_bias': 'Bias',
    'val.pub_worst': 'Worst',
    'val.pub_n': 'Points',
    'val.pub_pred_axis': 'kvcost (leave-one-source-out)',
    'val.pub_meas_axis': 'Published measurement',
    # --- Fleet & ROI (optimizer) and Compare's fit hint ---
    'fl.gpus': 'GPU types to search',
    'fl.ttft': 'Max time to first token [s] (0 = none)',
    'fl.tpot': 'Max time per output token [ms] (0 = none)',
    'fl.basis': 'Cost basis',
    'fl.basis.onprem': 'on-prem (TCO)',
    'fl.basis.cloud': 'cloud',
    'fl.tier': 'Cloud price tier',
    'fl.tier.on-demand': 'on-demand',
    'fl.tier.committed-1y': '1-year committed',
    'fl.tier.committed-3y': '3-year committed',
    'fl.tier.spot': 'spot',
    'fl.tier.capacity-block': 'capacity block',
    'fl.disagg': 'Also try separate prefill and decode pools',
    'fl.tco': 'TCO inputs (defaults with sources; hover for the source)',
    'fl.gpu_prices': 'Prices and power of {gpu}',
    'fl.no_price': 'no price: enter one',
    'fl.recommended': 'Recommended plan per scheme',
    'fl.why_won': 'Why it won, and the runners-up: {scheme}',
    'fl.pareto': 'Cost vs latency (Pareto front)',
    'fl.pareto_x': 'Time per output token [ms]',
    'fl.pareto_y': 'Cost per month [$]',
    'fl.breakdown': 'Cost per month by line [$]',
    'fl.roi': 'Savings and payback against {base}',
    'fl.delivered': (
        'Per 1M tokens = cost per month / tokens served (the demand); utilization = demand / capacity; the '
        'fleet carries x{headroom:g} the demand.'
    ),
    'fl.workbook': 'Meeting workbook (.xlsx, live formulas)',
    'fl.plans_csv': 'Plans (.csv)',
    'col.deployment_ui': 'Deployment',
    'col.ttft': 'TTFT [s]',
    'col.tpot': 'TPOT [ms]',
    'col.cost_month': 'Cost per month',
    'col.per_1m': 'Per 1M tokens served',
    'col.energy': 'Energy per 1M tokens [kWh]',
    'col.utilization': 'Utilization',
    'cmp.fit_button': 'Use TP={tp} ({tp} GPUs)',
    'fl.download_failed': 'the downloads could not be built ({kind}); the details are in the server log',
    # ---- Fit page: the llama.cpp view (ui/llamacpp.py)
    'lcpp.toggle': 'llama.cpp view (GGUF, layers in system RAM)',
    'lcpp.toggle_help': (
        'Run the model as llama.cpp does: a GGUF file, -ngl layers on the GPU and the rest in system RAM on the host '
        'CPU. Uses the llama.cpp engine on one GPU; the weight and KV types above are replaced by these.'
    ),
    'lcpp.gguf': 'GGUF type',
    'lcpp.gguf_help': (
        "llama-quantize's file type: q4_k_m keeps attn_v and ffn_down at Q6_K on half the layers, the output matrix at "
        'Q6_K; sizes follow the per-tensor rules of llama.cpp.'
    ),
    'lcpp.ngl': 'GPU layers (-ngl)',
    'lcpp.ngl_help': 'The last N of the {n} layers go to the GPU; {all} or more also moves the output layer (all).',
    'lcpp.host': 'Host CPU',
    'lcpp.host_help': 'The CPU that runs the layers left in system RAM, reading them at its memory bandwidth.',
    'lcpp.kv': 'KV cache type (-ctk/-ctv)',
    'lcpp.kv_help': 'f16 is the default; q8_0 and q4_0 need flash attention (-fa) for the V cache.',
    'lcpp.title': 'llama.cpp placement',
    'lcpp.unified': 'Unified memory: GPU and CPU share one pool, so -ngl moves no bytes; everything counts above.',
    'lcpp.layers': 'Layers on the GPU',
    'lcpp.layers_value': '{k} of {n}',
    'lcpp.layers_help': 'llama.cpp -ngl {ngl}.',
    'lcpp.host_bytes': 'In system RAM ({host})',
    'lcpp.max_ngl': 'Most layers that fit',
    'lcpp.max_ngl_help': 'The largest -ngl whose GPU part fits ({n} layers; one more also moves the output layer).',
    'lcpp.split': 'Decode step',
    'lcpp.split_value': 'GPU {gpu} + host CPU {host} + PCIe {transfer}.',
    'lcpp.note': (
        'GPU: {gpu_weights} of weights; system RAM: {host_weights} of weights (the token embedding always stays there) '
        'plus the KV cache of the layers there.'
    ),
}
