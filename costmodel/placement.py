"""Placement: which memory tier holds each part of a decode step's working set, and the memory time that follows.

Items, per chip of one tensor-parallel rank, for the whole batch (``step_items``):

* ``encoder_output``: slim attention option 2's E, stored once per sequence, read by every decoder layer
  (reuse = n_layers reads per stored byte per step);
* ``state``: recurrent state, read and written every step (reuse 2);
* ``kv``: self / cross / latent caches, read whole plus one new row (reuse (ctx + 1) / ctx >= 1);
* ``weights``: parameters a step can read (reuse <= 1: MoE experts the batch routes to, the batch's embedding rows),
  and ``weights_unread``: parameters no decode step reads (an encoder; cross K/V projections whose outputs are
  cached), reuse 0. Both are reported as ``weights``.

Rules (``RULES``):

* ``l2``: the GPU rule kvcost always had: the whole batch's cache sits in L2 (x ``sram_fraction``) when it fits
  and its reads then cost nothing; the rest is in device memory. The default wherever no software-managed SRAM with
  a published bandwidth exists (every GPU), so the ``ideal`` engine's numbers do not move.
* ``greedy``: items by reuse per step, highest first (the order above), each into the fastest tier that may hold
  it (``MemoryTier.holds``) and has room (on-chip tiers x ``sram_fraction``); an item may be split between tiers.
  With cost = bytes read / bandwidth and divisible items this is the exact optimum when every tier may hold every
  item (exchange argument); with ``holds`` restrictions it is a documented greedy rule. Left out: tiers without a
  published bandwidth (kvcost never guesses one), host memory (per system, reached over PCIe; offload is another
  module's), and kernel-local storage (registers, L1/shared, TMEM, PSUM: one kernel's scratch, not a home across a
  step).
* ``encoder-on-chip``: slim attention's accounting: only the encoder output may sit on chip; weights and caches
  stream from device memory.

Memory time = sum over tiers of bytes read / (tier bandwidth x bw efficiency). SRAM-only parts (Groq, Cerebras: no
off-chip tier) span ``stages`` chips (``pipeline_stages``), a pipeline of whole layers: a token's step passes every
stage in turn, so the memory time is the same sum and the hand-off of activations between stages (batch x d_model
per hop, over the chip-to-chip link) is added. Array-safe where the sweep needs it (``batch``/``ctx`` arrays);
scalars give floats.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .assumptions import DEFAULT, Assumptions
from .dtypes import StorageFormat
from .hardware import HardwareProfile
from .hwfigures import MemoryTier
from .i18n import msg
from .memory import CacheLayout, plain, reserve_bytes, weight_bytes
from .quant import WeightPlan
from .roofline import link_bytes_per_s, weight_read_bytes

RULES = ("auto", "l2", "greedy", "encoder-on-chip")
ITEMS = ("encoder_output", "state", "kv", "weights", "weights_unread")  # highest reuse first
CACHE_ITEMS = ("encoder_output", "state", "kv")
HOLD_CLASS = {"encoder_output": "kv", "state": "kv", "kv": "kv", "weights": "weights", "weights_unread": "weights"}
ALL_ROWS = float(2**62)  # a batch that routes to every expert and reads every embedding row


class PlacementError(ValueError):
    """An unknown placement rule (message is user-facing, one line)."""


@dataclass(frozen=True)
class StepItems:
    """Bytes stored and read per step of each item (per chip of a tensor-parallel rank, whole batch)."""

    stored: dict[str, Any]
    read: dict[str, Any]

    def reuse(self, item: str):
        """Bytes read per step per byte stored (0 for an empty item)."""
        s, r = self.stored[item], self.read[item]
        if np.ndim(s) == 0 and np.ndim(r) == 0:
            return r / s if s > 0 else 0.0
        held = np.asarray(s) > 0
        return np.where(held, r / np.where(held, s, 1.0), 0.0)

    @property
    def total_stored(self):
        return sum(self.stored.values())


def step_items(layout: CacheLayout, wfmt: StorageFormat | WeightPlan, batch, ctx) -> StepItems:
    """The working set of one decode step of ``batch`` sequences at ``ctx`` cached tokens (same terms as
    ``roofline.decode_step``: the reads sum to its weight bytes + batch x seq_read_bytes)."""
    n = layout.spec.n_layers
    e = batch * layout.shared_bytes * 1.0
    state = batch * layout.state_bytes(ctx) * 1.0
    kv = batch * layout.seq_bytes(ctx) * 1.0 - e - state
    kv_read = batch * layout.seq_read_bytes(ctx) * 1.0 - n * e - 2 * state
    readable = weight_read_bytes(layout, wfmt, ALL_ROWS) * 1.0
    total_w = float(weight_bytes(layout.spec, layout.scheme, wfmt, layout.tp))
    unread = max(0.0, total_w - readable)
    w_read = weight_read_bytes(layout, wfmt, batch) * 1.0
    stored = {"encoder_output": e, "state": state, "kv": kv, "weights": total_w - unread, "weights_unread": unread}
    read = {"encoder_output": n * e, "state": 2 * state, "kv": kv_read, "weights": w_read, "weights_unread": 0.0}
    return StepItems(stored, read)


@dataclass(frozen=True)
class TierUse:
    """What one tier holds per chip (``stored`` by item) and the bytes a step reads from it (per chip)."""

    name: str
    label: str
    on_chip: bool
    capacity_bytes: int
    bw_bytes_per_s: float | None
    used: bool  # the rule may place items here
    stored: dict[str, Any]
    read_bytes: Any

    @property
    def stored_bytes(self):
        return sum(self.stored.values())


@dataclass(frozen=True)
class Placement:
    """Bytes per tier for one decode step and the memory time that follows (see the module docstring)."""

    rule: str
    tiers: tuple[TierUse, ...]
    stages: Any  # chips of one tensor-parallel rank (pipeline stages; 1 unless SRAM-only)
    tp: int
    unplaced_bytes: Any  # what no tier could hold (0 when it fits)
    mem_s: Any
    interconnect_s: Any  # activation hand-offs between pipeline stages, per step
    link_bytes_per_s: float  # one direction of the chip-to-chip link used for them
    items: StepItems = field(repr=False)

    @property
    def chips_per_replica(self):
        return self.tp * self.stages

    @property
    def fits(self):
        return self.unplaced_bytes <= 0

    @property
    def bytes_per_tier(self) -> dict[str, Any]:
        """Stored bytes per tier name, per chip (every tier of the profile; 0 where nothing is placed)."""
        return {t.name: t.stored_bytes for t in self.tiers}

    def item_tiers(self, item: str) -> dict[str, Any]:
        """Where ``item`` lives: stored bytes per tier, per chip (``weights`` includes the unread weights)."""
        names = ("weights", "weights_unread") if item == "weights" else (item,)
        return {t.name: sum(t.stored.get(i, 0.0) for i in names) for t in self.tiers}

    @property
    def cache_stored_bytes(self):
        return sum(self.items.stored[i] for i in CACHE_ITEMS)

    @property
    def sram_resident(self) -> bool:
        """The step's whole cache working set (KV, state, encoder output) is on chip (and there is one)."""
        on = sum(t.stored.get(i, 0.0) for t in self.tiers if t.on_chip for i in CACHE_ITEMS)
        total = self.cache_stored_bytes / self.stages
        return bool(total > 0 and on >= total * (1 - 1e-12))

    @property
    def landing_tier(self) -> str | None:
        """The tier holding most of the cache working set (None: no cache)."""
        best = max(self.tiers, key=lambda t: sum(float(t.stored.get(i, 0.0)) for i in CACHE_ITEMS))
        return best.name if sum(float(best.stored.get(i, 0.0)) for i in CACHE_ITEMS) > 0 else None

    def to_dict(self) -> dict:
        """JSON (scalars): rule, stages, chips, per-tier bytes and items, interconnect time."""
        return dict(
            rule=self.rule, pipeline_stages=int(self.stages), chips_per_replica=int(self.chips_per_replica),
            fits=bool(self.fits), unplaced_bytes=int(self.unplaced_bytes), memory_time_s=float(self.mem_s),
            interconnect_s=float(self.interconnect_s), sram_resident=self.sram_resident,
            landing_tier=self.landing_tier,
            tiers=[dict(name=t.name, label=t.label, on_chip=t.on_chip, capacity_bytes=t.capacity_bytes,
                        bw_bytes_per_s=t.bw_bytes_per_s, used=t.used, stored_bytes=int(t.stored_bytes),
                        read_bytes_per_step=int(t.read_bytes),
                        items={k: int(v) for k, v in _merged(t.stored).items() if v}) for t in self.tiers],
            items={k: int(v) for k, v in _merged(self.items.stored).items()})


def _merged(d: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in d.items() if k != "weights_unread"}
    out["weights"] = out.get("weights", 0.0) + d.get("weights_unread", 0.0)
    return out


def resolve_rule(gpu: HardwareProfile, rule: str = "auto") -> str:
    """``auto`` -> the profile's default (``HardwareProfile.default_placement``); SRAM-only parts always greedy."""
    if rule not in RULES:
        raise PlacementError(msg("pl.rule", rule=str(rule)[:40], choices=", ".join(RULES)))
    if gpu.sram_only:
        return "greedy"
    return gpu.default_placement if rule == "auto" else rule


def _capacity(gpu: HardwareProfile, t: MemoryTier) -> int:
    """Per-chip capacity the placement may fill: the driver-visible total for the main memory."""
    return gpu.capacity_bytes if t is gpu.main_tier else t.capacity


KERNEL_LOCAL = ("registers", "l1_smem", "sm_sram", "tmem", "psum")  # one kernel's scratch, not a home for a step


def _usable(gpu: HardwareProfile, t: MemoryTier, rule: str) -> bool:
    if t.name == "host_dram" or t.name in KERNEL_LOCAL or (t.per == "system" and t is not gpu.main_tier):
        return False
    if rule == "l2":
        return t is gpu.main_tier or t.name == "l2"
    return t.bw is not None


def sram_only_stages(gpu: HardwareProfile, needed_bytes, a: Assumptions = DEFAULT):
    """Chips an SRAM-only part needs to hold ``needed_bytes`` (usable SRAM = capacity x sram_fraction); 1 else."""
    if not gpu.sram_only:
        return 1
    per_chip = a.sram_fraction * _capacity(gpu, gpu.main_tier)
    if per_chip <= 0:
        raise PlacementError(msg("pl.no_sram", gpu=gpu.name))
    return np.maximum(1, np.ceil(needed_bytes / per_chip)).astype(int) if np.ndim(needed_bytes) \
        else max(1, int(np.ceil(needed_bytes / per_chip)))


def pipeline_stages(gpu: HardwareProfile, w_bytes, kv_bytes, used, a: Assumptions = DEFAULT) -> Any:
    """Pipeline chips per tensor-parallel rank of an SRAM-only part (1 on any other): the fewest whose capacity holds
    the whole breakdown (weights ``w_bytes`` + ``used``, the cache and activations, + the reserve of that many chips)
    and whose SRAM holds weights + the cache ``kv_bytes`` (``sram_only_stages``). A fixed point, as more chips
    reserve more. Array-safe, for ``estimate`` (ints) and ``sweep`` (every (context, batch) of ``used`` at once: an
    int64 array shaped like ``used``)."""
    array = np.ndim(used) > 0
    stages = np.ones(np.shape(used), np.int64) if array else 1
    if not gpu.sram_only:
        return stages
    cap = gpu.capacity_bytes
    held = sram_only_stages(gpu, w_bytes + kv_bytes + 0 * used, a)
    while True:
        total = w_bytes + used + reserve_bytes(cap * stages, a)
        need = np.maximum(np.ceil(total / cap).astype(np.int64), held) if array else max(-(-total // cap), held)
        if np.all(need <= stages):
            return stages
        stages = np.maximum(stages, need) if array else need


def place(layout: CacheLayout, gpu: HardwareProfile, wfmt: StorageFormat | WeightPlan, batch, ctx,
          a: Assumptions = DEFAULT, rule: str = "auto", stages=None) -> Placement:
    """Place one decode step's working set on ``gpu``'s tiers by ``rule``. ``stages``: pipeline chips per
    tensor-parallel rank of an SRAM-only part (None: as many as weights + caches need)."""
    rule = resolve_rule(gpu, rule)
    items = step_items(layout, wfmt, batch, ctx)
    if stages is None:
        stages = sram_only_stages(gpu, items.total_stored, a)
    tiers = gpu.tiers
    left = dict(items.stored)
    stored: dict[str, dict[str, Any]] = {t.name: {} for t in tiers}
    if rule == "l2":
        cache = sum(items.stored[i] for i in CACHE_ITEMS)
        resident = cache <= a.sram_fraction * gpu.onchip_bytes
        l2 = gpu.tier("l2")
        main = gpu.main_tier.name
        for i in ITEMS:
            on = l2 is not None and i in CACHE_ITEMS
            if on:
                stored["l2"][i] = np.where(resident, items.stored[i], 0.0)
            stored[main][i] = np.where(resident, 0.0, items.stored[i]) if on else items.stored[i] * 1.0
            left[i] = 0.0
    else:
        order = sorted((t for t in tiers if _usable(gpu, t, rule)), key=lambda t: -(t.bw or 0.0))
        room = {t.name: _capacity(gpu, t) * (a.sram_fraction if t.on_chip else 1.0) * stages for t in order}
        for i in ITEMS:
            for t in order:
                if HOLD_CLASS[i] not in t.holds or (rule == "encoder-on-chip" and t.on_chip and i != "encoder_output"):
                    continue
                put = np.minimum(left[i], room[t.name])
                room[t.name] = room[t.name] - put
                left[i] = left[i] - put
                stored[t.name][i] = put
    unplaced = sum(left.values())
    main_bw = gpu.bw_bytes_per_s * a.bw_efficiency_on(gpu)
    eff = a.bw_efficiency_on(gpu)
    mem = 0.0
    uses = []
    reuse = {i: items.reuse(i) for i in ITEMS}
    for t in tiers:
        reads = sum(stored[t.name].get(i, 0.0) * reuse[i] for i in ITEMS)
        free = rule == "l2" and t.name == "l2"  # the GPU rule: L2-resident cache reads cost nothing
        if not free and t.bw is not None:
            mem = mem + reads / (t.bw * eff)
        uses.append(TierUse(t.name, t.label or t.name, t.on_chip, _capacity(gpu, t), t.bw, _usable(gpu, t, rule),
                            {i: plain(v / stages) for i, v in stored[t.name].items()}, plain(reads / stages)))
    mem = mem + sum(left[i] * reuse[i] for i in ITEMS) / main_bw  # unplaced: as if in main memory
    link = link_bytes_per_s(gpu, 1)
    hop = batch * layout.spec.d_model * a.activation_bytes_per_elem / (link * a.link_efficiency)
    return Placement(rule, tuple(uses), stages, layout.tp, plain(unplaced), plain(mem),
                     plain((np.asarray(stages) - 1) * hop), link, items)


__all__ = ["CACHE_ITEMS", "ITEMS", "RULES", "Placement", "PlacementError", "StepItems", "TierUse",
           "pipeline_stages", "place", "resolve_rule", "sram_only_stages", "step_items"]
