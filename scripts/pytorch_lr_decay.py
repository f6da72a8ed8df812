#!/usr/bin/python3
"""Runs the PyTorch peer (../shared/peers/pytorch/char_lm_bench.py) with CharLM's learning-rate decay.

    pytorch_lr_decay.py PEER_SCRIPT --lr-decay D --lr-decay-after A [the peer's own flags...]

The peer has no schedule of its own. So that the quality comparison in docs/PERFORMANCE.md can give both
engines the same recipe, this wrapper swaps torch.optim.Adam for a subclass that sets the learning rate
before every step exactly as CharLM's Trainer.learningRate does: lr * D ** max(0, completed - max(1, A) + 1),
where completed = steps taken // the peer's windows per epoch (its seq mode). Everything else (model,
data, timing, validation, output) is the peer's, unchanged.
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


def main():
    peer = sys.argv[1]
    argv = sys.argv[2:]
    decay = float(take(argv, "--lr-decay", "1"))
    after = max(1, int(take(argv, "--lr-decay-after", "0")))

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
    bench.log("lr schedule (pytorch_lr_decay.py): x%g after every epoch from epoch %d on, %d windows per epoch",
              decay, after, windows_per_epoch)
    bench.main(argv)


if __name__ == "__main__":
    main()
