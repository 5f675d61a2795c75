"""Independent implementations of the workbooks' maths: torch tensors
(:mod:`.graddesc_torch`, :mod:`.entropy_torch`), torch.optim itself
(:mod:`.optim_parity`), and the comparison with the engine (:mod:`.verify`)."""
