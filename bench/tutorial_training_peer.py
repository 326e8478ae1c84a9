#!/usr/bin/python3
"""Peer for bench_training (issue 18 item 3): the VisRec IUI 2021 tutorial's CuratorNet training
procedure (notebooks 2 "Triplet sampling (Random)" and 3 "(CuratorNet) Training procedure",
https://github.com/ialab-puc/VisualRecSys-Tutorial-IUI2021 @ 1c1ace0, MIT) re-implemented as a
plain script with Debian's python3-torch, so Vitrine's trainer can be timed beside it on the same
machine and the same BLAS. Written for this benchmark from the procedure described in
docs/spec (§3.1, §4.2); it is not the tutorial's code, but it keeps the parts that cost time:

- triples stored as the tutorial's ProfileModeDataset does (unique profile strings, parsed with
  numpy per batch), a batch sampler that yields same-profile-size batches of <= 128 triples
  (reshuffled every epoch), a torch DataLoader with num_workers = os.cpu_count() and pin_memory;
- the model computes the item tower for profile, positive and negative items of every triple
  (nn.Embedding -> Linear/SELU x2), pools with AdaptiveMaxPool2d/AdaptiveAvgPool2d, user tower,
  bmm scores; BCEWithLogitsLoss(reduction="sum"), Adam(lr 1e-4, weight_decay 1e-4),
  ReduceLROnPlateau(mode="max", factor 0.6, patience 2, threshold 1e-4) on the validation triple
  accuracy, best model kept (a deep copy of the state dict when accuracy strictly improves);
- 10 epochs, each a training pass and a no-grad validation pass.

Usage:
  /usr/bin/python3 bench/tutorial_training_peer.py [--data tests/data/curatornet-oracle]
      [--train 100000] [--valid 10000] [--epochs 10] [--threads N] [--workers N]
Prints the sampling time, then per epoch the wall and CPU seconds (CPU = this process and its
loader workers), loss and validation accuracy, and the totals (the figures to compare with
Vitrine's bench_training s_epoch / cpu_s_epoch: sampling and loading excluded). On a shared,
busy machine compare CPU seconds; wall time follows the load. Exits with
status 77 (skipped) when torch is not importable.
"""
import argparse
import copy
import math
import os
import random
import resource
import sys
import time

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    from torch.utils.data import DataLoader, Dataset
    from torch.utils.data.sampler import RandomSampler, SequentialSampler, Sampler
except ImportError as e:  # python3-torch absent: skip, as bench/README says
    print(f"skipped: {e} (install python3-torch python3-numpy)")
    sys.exit(77)


# ---------------------------------------------------------------- data (spec §1.2, §4.2)
def load(data_dir):
    features = np.load(os.path.join(data_dir, "features.npy")).astype(np.float32)
    ids = [line.strip() for line in open(os.path.join(data_dir, "item_ids.txt")) if line.strip()]
    row = {x: i for i, x in enumerate(ids)}
    events = []
    with open(os.path.join(data_dir, "interactions.csv")) as f:
        header = f.readline().strip().split(",")
        cu, ci, ct = header.index("user_id"), header.index("item_id"), header.index("timestamp")
        for order, line in enumerate(f):
            p = line.strip().split(",")
            if p[ci] in row:
                events.append((float(p[ct]), order, p[cu], row[p[ci]]))
    events.sort()
    per_user = {}
    for ts, order, user, item in events:
        per_user.setdefault(user, []).append(item)
    # mark_evaluation_rows(threshold=1): the last interaction of users with more than one.
    return features, {u: items[:-1] if len(items) > 1 else items for u, items in per_user.items()}


def hash_triple(profile, pi, ni):
    h = 0
    for v in sorted(str(x) for x in profile) + [str(pi), str(ni)]:
        h = ((h * 92821) % 402653189 + int(v, 32)) % 402653189
    return h


def sample(users, n_items, total, seen, max_profile=10):
    per_user = math.ceil(total / len(users))
    rows = []
    for u, full in users.items():
        full_set = set(full)
        accepted = 0
        tries = 0
        while accepted < per_user and tries < per_user * 200:
            tries += 1
            k = random.randrange(len(full))
            profile = full[max(0, k - max_profile + 1):k + 1]
            pi = full[k]
            ni = random.randint(0, n_items - 1)
            while ni in full_set:
                ni = random.randint(0, n_items - 1)
            h = hash_triple(profile, pi, ni)
            if h in seen:
                continue
            seen.add(h)
            rows.append((" ".join(map(str, profile)), pi, ni))
            accepted += 1
    return rows


class ProfileTriples(Dataset):
    """Triples as the tutorial keeps them: unique profile strings, parsed per batch."""

    def __init__(self, rows):
        profiles = {}
        self.profile = np.array([profiles.setdefault(p, len(profiles)) for p, _, _ in rows])
        unique = list(profiles.keys())
        self.unique_profiles = np.array(unique).astype(np.string_)
        sizes = np.array([p.count(" ") + 1 for p in unique])
        self.profile_sizes = sizes[self.profile]
        self.pi = np.array([r[1] for r in rows])
        self.ni = np.array([r[2] for r in rows])

    def __len__(self):
        return len(self.pi)

    def __getitem__(self, idx):
        prof = self.profile[idx]
        profile = np.fromstring(b" ".join(self.unique_profiles[prof]), dtype=int, sep=" ").reshape((len(idx), -1))
        return profile, self.pi[idx], self.ni[idx]


class SameSizeBatches(Sampler):
    def __init__(self, sampler, batch_size=128, items_per_batch=60000):
        self.sampler, self.batch_size, self.items_per_batch = sampler, batch_size, items_per_batch
        self.shuffle = isinstance(sampler, RandomSampler)
        groups = {}
        for idx in sampler:
            groups.setdefault(int(sampler.data_source.profile_sizes[idx]), []).append(idx)
        self.groups = {k: np.array(v) for k, v in groups.items()}
        self.batches = self.make()

    def make(self):
        out = []
        for size, idx in self.groups.items():
            if self.shuffle:
                np.random.shuffle(idx)
            b = min(self.batch_size, self.items_per_batch // size)
            out.extend(idx[i:i + b] for i in range(0, len(idx), b))
        return out

    def __iter__(self):
        self.batches = self.make()
        if self.shuffle:
            random.shuffle(self.batches)
        return iter(self.batches)

    def __len__(self):
        return len(self.batches)


def cpu_seconds():
    """User + system CPU of this process and of its finished children (the loader workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# ---------------------------------------------------------------- model (spec §2.1)
class CuratorNetPeer(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.embedding = nn.Embedding.from_pretrained(features, freeze=True)
        self.common1, self.common2 = nn.Linear(features.shape[1], 200), nn.Linear(200, 200)
        self.maxpool, self.avgpool = nn.AdaptiveMaxPool2d((1, 200)), nn.AdaptiveAvgPool2d((1, 200))
        self.pu1, self.pu2, self.pu3 = nn.Linear(400, 300), nn.Linear(300, 300), nn.Linear(300, 200)
        for layer in (self.common1, self.common2, self.pu1, self.pu2, self.pu3):
            nn.init.xavier_uniform_(layer.weight)

    def item(self, x):
        return F.selu(self.common2(F.selu(self.common1(self.embedding(x)))))

    def forward(self, profile, pi, ni):
        p = self.item(profile)
        p = torch.cat((self.maxpool(p), self.avgpool(p)), dim=-1)
        u = F.selu(self.pu3(F.selu(self.pu2(F.selu(self.pu1(p))))))
        return torch.bmm(u, self.item(pi).unsqueeze(-1)) - torch.bmm(u, self.item(ni).unsqueeze(-1))


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "..", "tests", "data", "curatornet-oracle"))
    ap.add_argument("--train", type=int, default=100000)
    ap.add_argument("--valid", type=int, default=10000)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0 = torch's default)")
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)

    t0 = time.time()
    features, users = load(args.data)
    seen = set()
    train_ds = ProfileTriples(sample(users, len(features), args.train, seen))
    valid_ds = ProfileTriples(sample(users, len(features), args.valid, seen))
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {args.workers} loader workers; "
          f"{len(features)} x {features.shape[1]} features, {len(train_ds)} + {len(valid_ds)} triples "
          f"sampled in {time.time() - t0:.1f} s")
    loaders = {
        "train": DataLoader(train_ds, sampler=SameSizeBatches(RandomSampler(train_ds)),
                            num_workers=args.workers, pin_memory=True),
        "validation": DataLoader(valid_ds, sampler=SameSizeBatches(SequentialSampler(valid_ds)),
                                 num_workers=args.workers, pin_memory=True),
    }
    model = CuratorNetPeer(torch.Tensor(features))
    criterion = nn.BCEWithLogitsLoss(reduction="sum")
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.6, patience=2,
                                                           threshold=1e-4)
    best_acc, best_state, used_lrs = 0.0, None, [1e-4]
    start, start_cpu = time.time(), cpu_seconds()
    for epoch in range(1, args.epochs + 1):
        t, t_cpu = time.time(), cpu_seconds()
        for phase in ("train", "validation"):
            model.train(phase == "train")
            correct, loss_sum = 0, 0.0
            for profile, pi, ni in loaders[phase]:
                profile, pi, ni = profile.squeeze(0), pi.squeeze(0), ni.squeeze(0)
                target = torch.ones(pi.size(0), 1, 1)
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    out = model(profile, pi, ni)
                    loss = criterion(out, target)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()
                correct += int((out > 0).sum())
                loss_sum += float(loss.detach())
            if phase == "validation":
                acc = correct / len(valid_ds)
                if acc > best_acc:
                    best_acc, best_state = acc, copy.deepcopy(model.state_dict())
                scheduler.step(acc)
                lr = optimizer.param_groups[0]["lr"]
                if lr not in used_lrs:
                    used_lrs.append(lr)
            else:
                train_loss = loss_sum / len(train_ds)
        print(f"epoch {epoch}: {time.time() - t:.2f} s wall, {cpu_seconds() - t_cpu:.2f} s CPU, "
              f"loss {train_loss:.5f}, validation accuracy {acc:.5f}")
        sys.stdout.flush()
        if len(used_lrs) > 10:
            break
    model.load_state_dict(best_state)
    total, total_cpu = time.time() - start, cpu_seconds() - start_cpu
    print(f"training: {total:.1f} s wall, {total_cpu:.1f} s CPU for {epoch} epochs "
          f"({total / epoch:.2f} s/epoch wall, {total_cpu / epoch:.2f} s/epoch CPU), "
          f"best validation accuracy {best_acc:.5f}")


if __name__ == "__main__":
    main()
