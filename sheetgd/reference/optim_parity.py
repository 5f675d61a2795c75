"""The real torch.optim optimisers on the parity sheets' problem.

``nn.Linear(1, 1)`` (weight a, bias b) in float64, trained one sample at a
time with loss ``(pred - y)^2``; one epoch is one pass over the rows, and
training carries on across epochs with the optimiser's state, as the
parity sheets do.  Epoch k's record holds the parameters and optimiser state
at the start of pass k+1 and ``sqrt(sum of the pass's losses)``, which is
what the sheet shows after k Run steps.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from ..books.parity import ParityParams


def _optimiser(sheet: str, params, hp: dict):
    if sheet == "sgd_torch":
        return torch.optim.SGD(params, lr=hp["lr"])
    if sheet == "momentum_torch":
        return torch.optim.SGD(params, lr=hp["lr"], momentum=hp["momentum"],
                               dampening=hp["momentum"])
    if sheet == "rmsprop_torch":
        return torch.optim.RMSprop(params, lr=hp["lr"], alpha=hp["alpha"], eps=hp["eps"])
    if sheet == "adam_torch":
        return torch.optim.Adam(params, lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]),
                                eps=hp["eps"])
    if sheet == "sgd_wd_torch":
        return torch.optim.SGD(params, lr=hp["lr"], weight_decay=hp["weight_decay"])
    if sheet in ("adam_l2_torch", "adamw_torch"):
        optimiser = torch.optim.Adam if sheet == "adam_l2_torch" else torch.optim.AdamW
        return optimiser(params, lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]), eps=hp["eps"],
                         weight_decay=hp["weight_decay"])
    if sheet == "one_cycle_torch":  # OneCycleLR sets beta1 (train() makes the scheduler)
        return torch.optim.Adam(params, lr=hp["lr"], betas=(hp["mom_max"], hp["beta2"]),
                                eps=hp["eps"])
    raise ValueError(f"unknown parity sheet {sheet!r}")


def one_cycle(opt, hp: dict, rows: int):
    """torch's OneCycleLR on ``opt`` with the sheet's settings (cosine, two
    phases, cycle_momentum=True)."""
    return torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=hp["lr"], epochs=int(hp["epochs"]), steps_per_epoch=rows,
        pct_start=hp["pct_start"], anneal_strategy="cos", cycle_momentum=True,
        base_momentum=hp["mom_base"], max_momentum=hp["mom_max"], div_factor=hp["div"],
        final_div_factor=hp["final_div"], three_phase=False)


def _state(sheet: str, opt, model) -> dict:
    def get(param, key):
        st = opt.state.get(param, {})
        value = st.get(key)
        return 0.0 if value is None else float(value.reshape(-1)[0])

    w, b = model.weight, model.bias
    if sheet == "momentum_torch":
        return {"mom_b": get(b, "momentum_buffer"), "mom_a": get(w, "momentum_buffer")}
    if sheet == "rmsprop_torch":
        return {"ms_b": get(b, "square_avg"), "ms_a": get(w, "square_avg")}
    if sheet in ("adam_torch", "adam_l2_torch", "adamw_torch", "one_cycle_torch"):
        return {"mom_b": get(b, "exp_avg"), "mom_a": get(w, "exp_avg"),
                "ms_b": get(b, "exp_avg_sq"), "ms_a": get(w, "exp_avg_sq")}
    return {}


def train(sheet: str, x, y, epochs: int, init_a: float, init_b: float,
          parity: ParityParams | None = None, device="cpu", lrs: list | None = None) -> list[dict]:
    """Records for epochs 0..epochs of torch.optim training.  one_cycle_torch
    steps OneCycleLR after every sample until its last step (steps-1), where
    the sheet holds the schedule too (torch refuses to step past the cycle);
    ``lrs``, a list, receives its ``get_last_lr()[0]`` before every sample."""
    hp = (parity or ParityParams()).of(sheet)
    model = nn.Linear(1, 1).to(device=device, dtype=torch.float64)
    with torch.no_grad():
        model.weight.fill_(init_a)
        model.bias.fill_(init_b)
    opt = _optimiser(sheet, model.parameters(), hp)
    sched = one_cycle(opt, hp, len(x)) if sheet == "one_cycle_torch" else None
    xs = torch.tensor(x, dtype=torch.float64, device=device).reshape(-1, 1, 1)
    ys = torch.tensor(y, dtype=torch.float64, device=device).reshape(-1, 1, 1)
    records = []
    for _ in range(epochs + 1):
        start = {"b": model.bias.item(), "a": model.weight.item(), "lr": hp["lr"],
                 **_state(sheet, opt, model)}
        total = 0.0
        for xi, yi in zip(xs, ys):
            opt.zero_grad()
            loss = ((model(xi) - yi) ** 2).sum()
            loss.backward()
            if lrs is not None and sched is not None:
                lrs.append(sched.get_last_lr()[0])
            opt.step()
            if sched is not None and sched.last_epoch < sched.total_steps - 1:
                sched.step()
            total += loss.item()
        records.append({**start, "error": math.sqrt(total)})
    return records
