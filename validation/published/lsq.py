"""Deterministic bounded least squares (Levenberg-Marquardt), numpy only (scipy is not a dependency).

Parameters are searched in a transformed space: ``log`` for positive quantities (efficiencies, seconds), plain
otherwise, each clipped to [lo, hi]. The Jacobian is a forward difference with a fixed step; the start point,
the damping schedule and the stopping rule are fixed, so the same inputs always give the same parameters
(tests check it).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

STEP = 1e-6  # finite-difference step in transformed space


@dataclass(frozen=True)
class Bound:
    name: str
    start: float
    lo: float
    hi: float
    log: bool = True  # search log(value)
    prior_sigma: float | None = None  # spread of the evidence prior around ``start`` (in the search space)

    def to_z(self, v: float) -> float:
        return float(np.log(v)) if self.log else float(v)

    def from_z(self, z: float) -> float:
        v = float(np.exp(z)) if self.log else float(z)
        return min(max(v, self.lo), self.hi)


@dataclass(frozen=True)
class FitResult:
    values: dict[str, float]
    cost: float  # 0.5 * sum of squared residuals
    iterations: int
    n_residuals: int


def fit(residuals: Callable[[dict[str, float]], np.ndarray], bounds: Sequence[Bound], max_iter: int = 60,
        tol: float = 1e-10) -> FitResult:
    """Minimise 0.5 * ||residuals(params)||^2 within ``bounds``; ``residuals`` maps a name->value dict to a
    1-D array (NaN-free)."""
    z = np.array([b.to_z(b.start) for b in bounds])

    def values(zv: np.ndarray) -> dict[str, float]:
        return {b.name: b.from_z(float(x)) for b, x in zip(bounds, zv)}

    def clip(zv: np.ndarray) -> np.ndarray:
        return np.array([b.to_z(b.from_z(float(x))) for b, x in zip(bounds, zv)])

    z = clip(z)
    r = residuals(values(z))
    cost = 0.5 * float(r @ r)
    lam, it, done = 1e-3, 0, False
    for it in range(1, max_iter + 1):  # noqa: B007 (it is reported)
        jac = np.empty((r.size, z.size))
        for j in range(z.size):
            dz = z.copy()
            dz[j] += STEP
            jac[:, j] = (residuals(values(dz)) - r) / STEP
        g = jac.T @ r
        h = jac.T @ jac
        improved = False
        for _ in range(12):
            step = np.linalg.solve(h + lam * np.diag(np.diag(h) + 1e-12), -g)
            z_new = clip(z + step)
            r_new = residuals(values(z_new))
            c_new = 0.5 * float(r_new @ r_new)
            if c_new < cost:
                improved = True
                done = cost - c_new < tol * max(cost, 1e-30)
                z, r, cost, lam = z_new, r_new, c_new, max(lam / 10, 1e-9)
                break
            lam *= 10
        if not improved or done:
            break
    return FitResult(values(z), cost, it, int(r.size))


def prior_residuals(values: dict[str, float], bounds: Sequence[Bound]) -> np.ndarray:
    """(z - z_start) / sigma for every bound with a prior: the evidence value pulls a parameter back when the
    data says little about it (e.g. when a source is held out)."""
    return np.array([(b.to_z(values[b.name]) - b.to_z(b.start)) / b.prior_sigma
                     for b in bounds if b.prior_sigma])


__all__ = ["Bound", "FitResult", "fit", "prior_residuals"]
