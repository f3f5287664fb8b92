"""Predict every published row of one engine at once, for any values of the engine's fitted terms.

``EngineData.build(engine)`` maps the engine's rows to serving cases (``dataset.case_of``), plans and schedules each
case once (``costmodel.serving.plan`` / ``schedule``: everything that does not depend on time terms), and stacks
the five steps of every case into arrays. ``predict(values)`` then times all steps in one numpy pass
(``costmodel.steptime.engine_time``) with the profile's terms, some replaced by ``values`` (``"term"`` for the value
on every GPU, ``"term@family"`` for one GPU family), and assembles each case (``costmodel.serving.assemble``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from costmodel.engines import TERMS, arch_family, get_engine
from costmodel.serving import ServingResult, assemble, plan, schedule
from costmodel.steptime import Device, StepWork, engine_time

from .dataset import Case, Row, case_of, load_rows, model_spec, predict as predict_metric


@dataclass
class EngineData:
    engine: str
    rows: list[Row]  # predicted rows
    skipped: dict[str, int]  # reason -> rows
    case_index: np.ndarray  # row -> case
    cases: list[Case]
    families: np.ndarray  # case -> GPU family
    works: StepWork  # stacked, 5 per case (case-major)
    device: Device
    mult: np.ndarray  # (cases, 5)
    sched: dict[str, np.ndarray]  # kind, conc, isl, osl, pf_steps, phi, queued, wave_steps per case
    base_terms: dict[str, np.ndarray]  # per stacked step
    measured: np.ndarray
    log_measured: np.ndarray

    @classmethod
    def build(cls, engine: str, rows: tuple[Row, ...] | None = None) -> "EngineData":
        prof = get_engine(engine)
        rows = load_rows() if rows is None else rows
        kept, skipped, index, cases, plans = [], {}, [], [], {}
        for r in rows:
            if r.engine != engine:
                continue
            c = case_of(r)
            if isinstance(c, str):
                skipped[c] = skipped.get(c, 0) + 1
                continue
            if c not in plans:
                pl = plan(model_spec(c.model) or c.model, c.gpu, None, **c.plan_kwargs())
                if pl.kv_limit is not None and pl.kv_limit < 1 and pl.workload != "single":
                    plans[c] = None
                else:
                    plans[c] = (len(cases), pl, schedule(pl))
                    cases.append(c)
            if plans[c] is None:
                skipped["model does not fit the engine's KV pool"] = \
                    skipped.get("model does not fit the engine's KV pool", 0) + 1
                continue
            kept.append(r)
            index.append(plans[c][0])
        entries = [plans[c] for c in cases]
        steps = [w for _, _, s in entries for w in s.steps]
        works = StepWork(**{f.name: np.array([getattr(w, f.name) for w in steps], dtype=float)
                            for f in fields(StepWork)})
        devs = [Device.of(pl.gpu, pl.wfmt, pl.kv_compute, pl.tp) for _, pl, _ in entries]
        device = Device(*(np.repeat(np.array([getattr(d, f.name) for d in devs], dtype=float), 5)
                          for f in fields(Device)))
        base = {t: np.repeat(np.array([prof.value(t, pl.gpu) for _, pl, _ in entries]), 5) for t in TERMS}
        sched = {k: np.array([getattr(s, k) for _, _, s in entries])
                 for k in ("kind", "conc", "isl", "osl", "pf_steps", "phi", "queued", "wave_steps")}
        meas = np.array([r.value for r in kept])
        return cls(engine, kept, skipped, np.array(index, dtype=int), cases,
                   np.array([arch_family(pl.gpu) for _, pl, _ in entries]), works, device,
                   np.array([s.mult for _, _, s in entries]), sched, base, meas, np.log(meas))

    def terms(self, values: dict[str, float] | None = None) -> dict[str, np.ndarray]:
        out = {k: v.copy() for k, v in self.base_terms.items()}
        fam = np.repeat(self.families, 5)
        for name, v in (values or {}).items():
            term, _, family = name.partition("@")
            if family:
                out[term][fam == family] = v
            else:
                out[term][:] = v
        return out

    def results(self, values: dict[str, float] | None = None) -> tuple[np.ndarray, ...]:
        """(tokens/s, TTFT, TPOT, decode step, prefill) per case."""
        terms = self.terms(values)
        t = np.asarray(engine_time(self.works, self.device, terms)).reshape(-1, 5) * self.mult
        s = self.sched
        return assemble(s["kind"], s["conc"], s["isl"], s["osl"], s["pf_steps"], s["phi"], s["queued"],
                        s["wave_steps"], terms["arrival_sync"][::5], terms["request_overhead_s"][::5], t.T)

    def predict(self, values: dict[str, float] | None = None) -> np.ndarray:
        """Each row's metric, in its unit."""
        tps, ttft, tpot, t_dec, t_pf = self.results(values)
        out = np.empty(len(self.rows))
        for i, (r, ci) in enumerate(zip(self.rows, self.case_index)):
            c = self.cases[ci]
            res = ServingResult(self.engine, c.workload, c.isl, c.osl, c.tp * c.pp, float(self.sched["conc"][ci]),
                                None, float(tps[ci]), float(ttft[ci]), float(tpot[ci]), float(t_dec[ci]),
                                float(t_pf[ci]))
            out[i] = predict_metric(r, c, res)
        return out

    def log_errors(self, values: dict[str, float] | None = None) -> np.ndarray:
        p = self.predict(values)
        with np.errstate(divide="ignore", invalid="ignore"):
            e = np.log(p) - self.log_measured
        return np.where(np.isfinite(e), e, math.log(100.0))  # an impossible prediction counts as 100x


__all__ = ["EngineData"]
