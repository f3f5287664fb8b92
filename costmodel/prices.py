"""A GPU profile's prices and server power as cost inputs (``tco.GpuCost``), each with the source it came from.

Where a profile has no sourced figure the value is derived, and the derivation is said: server price = GPUs x
GPU price x (1 + host share), the host share calibrated on DGX H100 ($270k vs 8 x $30k, both 2023 analyst
figures; 0 for SoCs and laptops, whose price is the whole system); server power = GPUs x TDP (+ host power for
discrete-GPU machines); idle power = ``idle_power_fraction`` x load power. A price that is absent and cannot be
derived stays None: the UI and CLI say "no price: enter one".
"""

from __future__ import annotations

from dataclasses import dataclass

from .hardware import HardwareProfile
from .hwfigures import CloudPrice, Figure
from .i18n import Message, msg
from .tco import CostInputs, GpuCost, NoPrice

HOST_PRICE_FRACTION = 0.125
HOST_POWER_W = {True: 500.0, False: 150.0}  # per server: >= 4 GPUs (HGX node) / workstation (hardware.md section 4)
WHOLE_SYSTEM = ("soc", "laptop")  # the price and the power figure already cover the whole machine


@dataclass(frozen=True)
class Sourced:
    """One cost figure of a GPU type and where it came from (a Message: English + Japanese)."""

    name: str
    value: float | None
    source: Message


def _fig(gpu: HardwareProfile, name: str, f: Figure) -> Message:
    return msg(
        "pr.profile_source",
        gpu=gpu.name,
        source=f.source,
        as_of=f.as_of.isoformat(),
        precision=msg(f"prec.{f.as_of_precision}"),
        confidence=msg(f"conf.{f.confidence}"),
    )


def cloud_choices(gpu: HardwareProfile) -> tuple[CloudPrice, ...]:
    """The cloud price entries of a profile a user may choose from (provider, tier, billing unit)."""
    return gpu.cloud_prices


def sourced_figures(gpu: HardwareProfile, inputs: CostInputs | None = None, cloud: int = 0) -> list[Sourced]:
    """Server price, load / idle / nameplate power and the chosen cloud price of ``gpu``, with sources."""
    inputs = inputs or CostInputs()
    n = gpu.n_per_server
    whole = gpu.form_factor in WHOLE_SYSTEM
    out: list[Sourced] = []
    if gpu.server_price_usd:
        out.append(
            Sourced("server_price_usd", gpu.server_price_usd.value, _fig(gpu, "server_price_usd", gpu.server_price_usd))
        )
    elif gpu.gpu_price_usd:
        share = 0.0 if whole else HOST_PRICE_FRACTION
        out.append(
            Sourced(
                "server_price_usd",
                n * gpu.gpu_price_usd.value * (1 + share),
                msg("pr.derived_price", n=n, share=share, gpu_src=_fig(gpu, "gpu_price_usd", gpu.gpu_price_usd)),
            )
        )
    else:
        out.append(Sourced("server_price_usd", None, msg("pr.absent", why=gpu.absent.get("server_price_usd", ""))))
    if gpu.server_power_load_w:
        load = gpu.server_power_load_w.value
        out.append(Sourced("server_load_w", load, _fig(gpu, "server_power_load_w", gpu.server_power_load_w)))
    elif gpu.tdp_w is not None:
        host = 0.0 if whole else HOST_POWER_W[n >= 4]
        load = n * gpu.tdp_w.value + host
        out.append(Sourced("server_load_w", load, msg("pr.derived_power", n=n, tdp=gpu.tdp_w.value, host=host)))
    else:  # neither a server figure nor a TDP is published (cloud-only accelerators): the user enters one
        load = None
        out.append(Sourced("server_load_w", None, msg("pr.no_power_figure", why=gpu.absent.get("tdp_w", ""))))
    if gpu.server_power_idle_w:
        out.append(
            Sourced(
                "server_idle_w",
                gpu.server_power_idle_w.value,
                _fig(gpu, "server_power_idle_w", gpu.server_power_idle_w),
            )
        )
    else:
        out.append(
            Sourced(
                "server_idle_w",
                None if load is None else inputs.idle_power_fraction * load,
                msg("pr.derived_idle", fraction=inputs.idle_power_fraction),
            )
        )
    if gpu.server_power_nameplate_w:
        out.append(
            Sourced(
                "server_nameplate_w",
                gpu.server_power_nameplate_w.value,
                _fig(gpu, "server_power_nameplate_w", gpu.server_power_nameplate_w),
            )
        )
    else:
        out.append(Sourced("server_nameplate_w", load, msg("pr.nameplate_is_load")))
    prices = gpu.cloud_prices
    if prices:
        c = prices[min(max(cloud, 0), len(prices) - 1)]
        out.append(
            Sourced(
                "cloud_usd_per_unit_hour",
                c.usd,
                msg(
                    "pr.cloud_source",
                    label=c.label(),
                    source=c.source,
                    url=c.url,
                    as_of=c.as_of.isoformat(),
                    precision=msg(f"prec.{c.as_of_precision}"),
                    confidence=msg(f"conf.{c.confidence}"),
                ),
            )
        )
        billed = msg("pr.cloud_unit", unit=msg(f"bill.{c.unit}"))
        out.append(Sourced("cloud_gpus_per_unit", float(c.gpus_per_unit), billed))
    else:
        out.append(Sourced("cloud_usd_per_unit_hour", None, msg("pr.absent", why=gpu.absent.get("cloud_prices", ""))))
        out.append(Sourced("cloud_gpus_per_unit", 1.0, msg("pr.cloud_unit", unit=msg("bill.gpu-hour"))))
    return out


def gpu_cost(gpu: HardwareProfile, inputs: CostInputs | None = None, cloud: int = 0, **overrides) -> GpuCost:
    """The cost inputs of ``gpu`` (``overrides``: GpuCost fields the user entered, which win)."""
    inputs = inputs or CostInputs()
    vals = {s.name: s.value for s in sourced_figures(gpu, inputs, cloud)}
    label = gpu.cloud_prices[min(max(cloud, 0), len(gpu.cloud_prices) - 1)].label() if gpu.cloud_prices else ""
    vals = {**vals, **{k: v for k, v in overrides.items() if v is not None}}
    if vals["server_load_w"] is None:  # no published power and none entered
        raise NoPrice(msg("pr.no_power"))
    if vals["server_nameplate_w"] is None:
        vals["server_nameplate_w"] = vals["server_load_w"]
    if "server_load_w" in overrides and "server_idle_w" not in overrides and not gpu.server_power_idle_w:
        vals["server_idle_w"] = inputs.idle_power_fraction * vals["server_load_w"]
    vals["server_idle_w"] = min(vals["server_idle_w"], vals["server_load_w"])
    return GpuCost(
        gpu.id,
        gpu.n_per_server,
        vals["server_price_usd"],
        vals["server_load_w"],
        vals["server_idle_w"],
        vals["server_nameplate_w"],
        vals["cloud_usd_per_unit_hour"],
        int(vals["cloud_gpus_per_unit"]),
        label,
    )


def priced(gpu: HardwareProfile, inputs: CostInputs | None = None, cloud: int = 0, **overrides) -> GpuCost | NoPrice:
    """``gpu_cost``, or why there is none (a profile with no published power and none entered): the fleet optimizer
    leaves such a GPU out with the reason, as one without a price, and plans the others."""
    try:
        return gpu_cost(gpu, inputs, cloud, **overrides)
    except NoPrice as exc:
        return exc


__all__ = ["Sourced", "cloud_choices", "gpu_cost", "priced", "sourced_figures", "HOST_PRICE_FRACTION", "HOST_POWER_W"]
