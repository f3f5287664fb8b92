"""Fleet optimizer: the lowest-cost deployment per scheme that meets a demand and its service levels.

``optimize(model, gpus, demand, schemes, slo=..., cost_basis=...)`` searches TP within the fast-link domain,
pipeline stages across servers, expert parallelism (MoE), DP attention (MLA), replicas and batch per replica,
optionally disaggregated prefill / decode pools; costs each plan (``tco``) and returns, per scheme, the cheapest
plan meeting the SLO, the runners-up and the Pareto front of cost vs time per output token.
"""

from .demand import SLO, Demand, requests_per_day, tokens_per_s, users
from .deploy import Deployment, candidates
from .plan import FleetResult, Plan, SchemeResult
from .search import optimize, pareto_front
from .speed import ENGINES, RooflineSpeed, SpeedModel, speed_model

__all__ = [
    "SLO",
    "Demand",
    "Deployment",
    "ENGINES",
    "FleetResult",
    "Plan",
    "RooflineSpeed",
    "SchemeResult",
    "SpeedModel",
    "candidates",
    "optimize",
    "pareto_front",
    "requests_per_day",
    "speed_model",
    "tokens_per_s",
    "users",
]
