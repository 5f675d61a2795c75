"""The entropy book's maths as torch tensor operations (float64, batched over
a leading dimension), in the operation order of the sheet's formulas."""

from __future__ import annotations

import torch


def softmax_sheet(logits: torch.Tensor) -> dict:
    """exp, softmax (exp / sum of exps, summed row by row) and the sigmoid view."""
    exps = torch.exp(logits)
    total = torch.zeros_like(exps[..., 0])
    for i in range(exps.shape[-1]):
        total = total + exps[..., i]
    return {"exp": exps, "softmax": exps / total.unsqueeze(-1), "sum_exp": total,
            "sigmoid": exps / (1 + exps)}


def binary_cross_entropy(labels: torch.Tensor, preds: torch.Tensor) -> dict:
    """Both forms of the sheet, with base-10 logs as Excel's LOG."""
    full = (-labels) * torch.log10(preds) - (1 - labels) * torch.log10(1 - preds)
    picked = -torch.where(labels == 1, torch.log10(preds), torch.log10(1 - preds))
    return {"full": full, "picked": picked}


def nll_by_index(labels: torch.Tensor, preds: torch.Tensor) -> dict:
    """log_entropy: NLL as -isCat*log(p) - isDog*log(1-p), and as a lookup of the
    log-probability of the true class (MATCH(1,{isCat,isDog}) then OFFSET)."""
    is_dog = 1 - labels
    log_cat, log_dog = torch.log10(preds), torch.log10(1 - preds)
    nll = (-labels) * log_cat - is_dog * log_dog
    # MATCH(1, {isCat, isDog}) is 1 for [1, 0] and 2 for [0, 1]
    idx = torch.where(labels == 1, 1, 2).to(torch.int64)
    logs = torch.stack([log_cat, log_dog], dim=-1)
    picked = torch.gather(logs, -1, (idx - 1).unsqueeze(-1)).squeeze(-1)
    return {"is_dog": is_dog, "log_cat": log_cat, "log_dog": log_dog, "nll": nll,
            "idx": idx.to(preds.dtype), "idx_pred": picked}
