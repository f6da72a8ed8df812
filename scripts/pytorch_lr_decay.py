#!/usr/bin/python3
"""Runs the PyTorch peer (../shared/peers/pytorch/char_lm_bench.py) with CharLM's learning-rate decay.

    pytorch_lr_decay.py PEER_SCRIPT --lr-decay D --lr-decay-after A [--one-bias] [the peer's own flags...]

The peer has no schedule of its own. So that the quality comparison in docs/PERFORMANCE.md can give both
engines the same recipe, this wrapper swaps torch.optim.Adam for a subclass that sets the learning rate
before every step exactly as CharLM's Trainer.learningRate does: lr * D ** max(0, completed - max(1, A) + 1),
where completed = steps taken // the peer's windows per epoch (its seq mode). Everything else (model,
data, timing, validation, output) is the peer's, unchanged.

--one-bias gives the peer CharLM's parametrisation of the recurrent layers: PyTorch trains two bias vectors
per layer (b_ih and b_hh) whose sum is the one bias CharLM trains, and Adam moves each by about the
learning rate per step, so the sum can move twice as fast. With the flag, each b_hh is added into b_ih
once at construction and then held at zero (no gradient), which leaves the initial function unchanged
(LSTM and RNN only: a GRU's b_hn is inside its reset product, so there the two are not one sum).
"""
import importlib.util
import os
import sys

import torch


def take(argv, flag, default):
    if flag in argv:
        i = argv.index(flag)
        value = argv[i + 1]
        del argv[i:i + 2]
        return value
    return default


def folding_biases(init):
    def wrapped(self, *args, **kw):
        init(self, *args, **kw)
        with torch.no_grad():
            for name, p in list(self.named_parameters()):
                if name.startswith("bias_hh"):
                    getattr(self, name.replace("bias_hh", "bias_ih")).add_(p)
                    p.zero_()
                    p.requires_grad_(False)
    return wrapped


def main():
    peer = sys.argv[1]
    argv = sys.argv[2:]
    decay = float(take(argv, "--lr-decay", "1"))
    after = max(1, int(take(argv, "--lr-decay-after", "0")))
    one_bias = "--one-bias" in argv
    if one_bias:
        argv.remove("--one-bias")

    spec = importlib.util.spec_from_file_location("char_lm_bench", peer)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    a = bench.parse_args(argv)
    if a.windows != "seq":
        sys.exit("pytorch_lr_decay.py: epochs are defined for --windows seq only")
    corpus = a.corpus if a.corpus is not None else os.path.join(bench.HERE, bench.DEFAULT_CORPUS)
    with open(corpus, encoding="utf-8") as f:
        n_train = int(0.9 * len(f.read()))
    windows_per_epoch = ((n_train - 1) // a.batch) // a.seq   # as the peer computes it

    class DecayingAdam(torch.optim.Adam):
        def __init__(self, params, lr, **kw):
            super().__init__(params, lr=lr, **kw)
            self.base_lr = lr
            self.steps = 0

        def step(self, closure=None):
            completed = self.steps // windows_per_epoch
            lr = self.base_lr * decay ** max(0, completed - after + 1)
            for group in self.param_groups:
                group["lr"] = lr
            self.steps += 1
            return super().step(closure)

    bench.torch.optim.Adam = DecayingAdam
    if one_bias:
        for base in (torch.nn.LSTM, torch.nn.RNN):   # not GRU: its b_hn sits inside r * (W_hn h + b_hn)
            base.__init__ = folding_biases(base.__init__)
        bench.log("one bias per layer (pytorch_lr_decay.py --one-bias): b_hh folded into b_ih and frozen at zero")
    bench.log("lr schedule (pytorch_lr_decay.py): x%g after every epoch from epoch %d on, %d windows per epoch",
              decay, after, windows_per_epoch)
    bench.main(argv)


if __name__ == "__main__":
    main()
