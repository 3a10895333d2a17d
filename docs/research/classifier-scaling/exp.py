"""Throwaway scaling experiment: how does T2/T3/T1 accuracy grow with image-passes and capacity?
Data: 112x112 sqrt crops (uint8, v = q/14 - 2) rendered by the project's own simulator (Gen.java).
Env: DATA (folder), OUTJ (json path), DEADLINE_S (seconds for all configs), CONFIGS (comma list).
"""
import json, math, os, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = os.environ.get("DATA", "/tmp/data")
OUTJ = os.environ.get("OUTJ", "/tmp/exp.json")
DEADLINE = float(os.environ.get("DEADLINE_S", "300"))
dev = "cuda" if torch.cuda.is_available() else "cpu"
torch.backends.cudnn.benchmark = True
T0 = time.time()
MEAN, STD = 1.75, 3.5


def log(*a):
    print(f"[{time.time() - T0:7.1f}s]", *a, flush=True)


def load(name):
    y = np.fromfile(f"{DATA}/{name}.y.i8", dtype=np.int8)
    x = np.fromfile(f"{DATA}/{name}.x.u8", dtype=np.uint8)
    n = min(y.size // 2, x.size // (112 * 112))  # a generator stopped by its time cap leaves a partial chunk
    y = y[:2 * n].reshape(-1, 2)
    x = x[:n * 112 * 112].reshape(-1, 1, 112, 112)
    return torch.from_numpy(x).to(dev), torch.from_numpy(y.astype(np.int64)).to(dev)


def prep(xu8, side):
    x = (xu8.float() / 14.0 - 2.0 - MEAN) / STD
    if side == 56:
        x = F.avg_pool2d(x, 2)
    return x


def dihedral(x):
    b = x.shape[0]
    f = (torch.rand(b, device=x.device) < 0.5)[:, None, None, None]
    x = torch.where(f, x.flip(-1), x)
    r = torch.randint(0, 4, (b,), device=x.device)
    out = x.clone()
    for k in (1, 2, 3):
        m = r == k
        if m.any():
            out[m] = torch.rot90(x[m], k, (-2, -1))
    return out


class Net(nn.Module):
    def __init__(self, widths, convs, bn=True):
        super().__init__()
        layers, cin = [], 1
        for w in widths:
            for j in range(convs):
                stride = 2 if j == convs - 1 else 1
                layers.append(nn.Conv2d(cin, w, 3, stride, 1, bias=not bn))
                if bn:
                    layers.append(nn.BatchNorm2d(w))
                layers.append(nn.ReLU(inplace=True))
                cin = w
        self.trunk = nn.Sequential(*layers)
        self.t2 = nn.Linear(cin, 9)
        self.t3 = nn.Linear(cin, 3)
        self.k = nn.Linear(cin, 1)

    def forward(self, x):
        h = self.trunk(x).mean((2, 3))
        return self.t2(h), self.t3(h), self.k(h).squeeze(1)


class ResNet(nn.Module):
    """Pre-activation-free basic-block ResNet: stem conv, stages of 2 blocks, GAP."""
    def __init__(self, widths):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, widths[0], 3, 1, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU(inplace=True))
        blocks, cin = [], widths[0]
        for i, w in enumerate(widths):
            for j in range(2):
                stride = 2 if j == 0 else 1
                blocks.append(Block(cin, w, stride))
                cin = w
        self.blocks = nn.Sequential(*blocks)
        self.t2 = nn.Linear(cin, 9)
        self.t3 = nn.Linear(cin, 3)
        self.k = nn.Linear(cin, 1)

    def forward(self, x):
        h = self.blocks(self.stem(x)).mean((2, 3))
        return self.t2(h), self.t3(h), self.k(h).squeeze(1)


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.sc = None
        if stride != 1 or cin != cout:
            self.sc = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        h = F.relu(self.b1(self.c1(x)))
        h = self.b2(self.c2(h))
        return F.relu(h + (x if self.sc is None else self.sc(x)))


CONFIGS = {
    # name: (side, builder, planned passes, share of remaining time weight)
    "cur56-450k": (56, lambda: Net([16, 32, 64, 128], 2), 450_000, 0.5),
    "cur56-big": (56, lambda: Net([16, 32, 64, 128], 2), 6_000_000, 1.0),
    "fast56-big": (56, lambda: Net([16, 32, 64, 128], 1), 6_000_000, 0.8),
    "cur112-big": (112, lambda: Net([16, 32, 64, 128], 2), 6_000_000, 1.0),
    "res112-big": (112, lambda: ResNet([32, 64, 128, 256]), 6_000_000, 1.4),
    "cur56-s": (56, lambda: Net([16, 32, 64, 128], 2), 450_000, 1.0),
    "res56-s": (56, lambda: ResNet([16, 32, 64, 128]), 450_000, 1.0),
    "res56w-s": (56, lambda: ResNet([32, 64, 128, 256]), 450_000, 1.0),
    "res112-s": (112, lambda: ResNet([32, 64, 128, 256]), 450_000, 1.3),
    "res112-long": (112, lambda: ResNet([32, 64, 128, 256]), 30_000_000, 1.0),
}
MV_VIEWS = int(os.environ.get("MV_VIEWS", "5"))


@torch.no_grad()
def evaluate(model, side, sets, tta):
    model.eval()
    res = {}
    for name, (x, y) in sets.items():
        p2s, p3s = [], []
        for i in range(0, x.shape[0], 1024):
            xb = prep(x[i:i + 1024], side)
            views = [xb]
            if tta:
                views = [torch.rot90(v, k, (-2, -1)) for v in (xb, xb.flip(-1)) for k in range(4)]
            p2 = 0
            p3 = 0
            for v in views:
                with autocast():
                    a2, a3, _ = model(v)
                p2 = p2 + F.log_softmax(a2.float(), 1)
                p3 = p3 + F.log_softmax(a3.float(), 1)
            p2s.append(p2)
            p3s.append(p3)
        p2 = torch.cat(p2s)
        p3 = torch.cat(p3s)
        k = y[:, 0]
        r = {}
        if name == "val":
            pred = p2.argmax(1)
            r["t2"] = (pred == k).float().mean().item()
            r["t2_within1"] = ((pred - k).abs() <= 1).float().mean().item()
            conf = torch.zeros(9, 9, dtype=torch.long)
            for a, b in zip(k.tolist(), pred.tolist()):
                conf[a, b] += 1
            r["t2_confusion"] = conf.tolist()
        if name == "t1":
            pred0 = p2.argmax(1) == 0
            r["t1"] = (pred0 == (k == 0)).float().mean().item()
            prob0 = p2.softmax(1)[:, 0] if not tta else (p2 / 8).softmax(1)[:, 0]
            r["t1_p0half"] = ((prob0 > 0.5) == (k == 0)).float().mean().item()
        if name == "t3":
            r["t3"] = (p3.argmax(1) == y[:, 1]).float().mean().item()
        if name == "mv":
            # per-view probabilities (the geometric mean over test-time views), fused as FuseFunction
            # does: the sum over a particle's views of log(max(1e-6, p))
            prob = (p2 / (8 if tta else 1)).softmax(1)
            logs = prob.clamp(min=1e-6).log().reshape(-1, MV_VIEWS, 9).sum(1)
            truth = k.reshape(-1, MV_VIEWS)[:, 0]
            fused = logs.argmax(1)
            r["mv_single"] = (prob.argmax(1) == k).float().mean().item()
            r["mv_fused"] = (fused == truth).float().mean().item()
            r["mv_particles"] = truth.shape[0]
            conf = torch.zeros(9, 9, dtype=torch.long)
            for a, b in zip(truth.tolist(), fused.tolist()):
                conf[a, b] += 1
            r["mv_fused_confusion"] = conf.tolist()
        res[name] = r
    model.train()
    return res


def autocast():
    if dev == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return torch.autocast("cpu", enabled=False)


def run(name, train, aux, sets, budget_s, batch):
    side, build, planned, _ = CONFIGS[name]
    torch.manual_seed(1)
    model = build().to(dev)
    if dev == "cuda":
        model = model.to(memory_format=torch.channels_last)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    xs, ys = train
    xa, ya = aux
    n, na = xs.shape[0], xa.shape[0]
    n_aux = batch // 8
    n_main = batch - n_aux
    start = time.time()
    step, passes, total_steps = 0, 0, None
    curve = []
    next_eval = 250_000
    while True:
        if step == 30:
            t30, p30 = time.time(), passes
        if total_steps is None and step == 80:
            rate = (passes - p30) / (time.time() - t30)
            total_steps = max(31, int(min(planned, rate * budget_s * 0.92) / batch))
            log(f"{name}: {rate:.0f} img/s warm-up, planning {total_steps} steps = {total_steps * batch} passes")
        if total_steps is not None and step >= total_steps:
            break
        frac = step / total_steps if total_steps else 0.0
        warm = min(1.0, (step + 1) / 200)
        lr = 2e-3 * warm * 0.5 * (1 + math.cos(math.pi * frac))
        for g in opt.param_groups:
            g["lr"] = lr
        i = torch.randint(0, n, (n_main,), device=dev)
        j = torch.randint(0, na, (n_aux,), device=dev)
        x = dihedral(prep(torch.cat([xs[i], xa[j]]), side))
        if dev == "cuda":
            x = x.contiguous(memory_format=torch.channels_last)
        y = torch.cat([ys[i], ya[j]])
        main = torch.cat([torch.ones(n_main, device=dev), torch.zeros(n_aux, device=dev)])
        with autocast():
            a2, a3, ak = model(x)
        a2, a3, ak = a2.float(), a3.float(), ak.float()
        k = y[:, 0]
        l2 = (F.cross_entropy(a2, k, reduction="none") * main).sum() / main.sum()
        lk = (((ak - k.float() / 8) ** 2) * main).sum() / main.sum()
        m3 = (y[:, 1] >= 0).float()
        l3 = (F.cross_entropy(a3, y[:, 1].clamp(min=0), reduction="none") * m3).sum() / m3.sum().clamp(min=1)
        loss = l2 + lk + l3
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        passes += batch
        if passes >= next_eval or (total_steps is not None and step >= total_steps):
            r = evaluate(model, side, {k: v for k, v in sets.items() if k in ("val", "mv")}, False)
            point = {"passes": passes, "t2": r["val"]["t2"], "loss": loss.item(), "sec": time.time() - start}
            if "mv" in r:
                point["mv_fused"] = r["mv"]["mv_fused"]
            curve.append(point)
            log(f"{name}: {passes} passes loss {loss.item():.3f} {point}")
            with open(OUTJ + ".partial", "w") as f:
                json.dump({"name": name, "curve": curve}, f, indent=1)
            next_eval = next_eval * 2 if next_eval < 2_000_000 else next_eval + 1_000_000
    sec = time.time() - start
    final = evaluate(model, side, sets, False)
    final_tta = evaluate(model, side, sets, True)
    out = {"name": name, "side": side, "params": params, "passes": passes, "train_sec": sec, "img_per_s": passes / sec,
           "batch": batch, "curve": curve, "final": final, "final_tta": final_tta}
    log(name, json.dumps({k: v for k, v in out.items() if k not in ("curve",)})[:900])
    return out


def main():
    names = os.environ.get("CONFIGS", ",".join(CONFIGS)).split(",")
    batch = int(os.environ.get("BATCH", "256"))
    train = load("train")
    aux = load("t3train")
    sets = {"val": load("val"), "t1": load("t1val"), "t3": load("t3val")}
    if os.path.exists(f"{DATA}/mv.y.i8"):
        sets["mv"] = load("mv")
    log("loaded", train[0].shape, aux[0].shape, {k: v[0].shape[0] for k, v in sets.items()})
    results = []
    for idx, name in enumerate(names):
        left = DEADLINE - (time.time() - T0)
        weights = [CONFIGS[m][3] for m in names[idx:]]
        budget = left * weights[0] / sum(weights) - 8
        if budget < 10:
            log("no time left for", name)
            break
        try:
            results.append(run(name, train, aux, sets, budget, batch))
        except Exception as e:  # keep the other configs' results
            log("FAILED", name, repr(e))
            results.append({"name": name, "error": repr(e)})
        with open(OUTJ, "w") as f:
            json.dump({"device": torch.cuda.get_device_name() if dev == "cuda" else "cpu", "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
